using CommHub.Tests.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommHub.Tests.EndToEnd;

/// <summary>Two agents and a customer on one conversation: who is viewing, who is typing what, and presence.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CollisionTests(BrowserFixture browser)
{
    private static ILocator Input(IPage page) => page.Locator("[data-testid=composer-input] textarea, textarea[data-testid=composer-input]");

    private async Task<IPage> OpenAsync(string email, string password, string path)
    {
        var page = await browser.NewPageAsync();
        await new LoginPage(page).SignInAsync(email, password);
        await page.WaitForURLAsync(email.Contains("customer") ? "**/portal" : "**/inbox");
        await page.GotoAsync(path);
        await new AppShell(page).WaitInteractiveAsync();
        return page;
    }

    [Fact]
    public async Task Agents_SeeWhoElseIsViewingAndTyping_AndANoteBeingWrittenNeverReachesTheCustomer()
    {
        var customerId = await browser.App.RegisterCustomerAsync("collision.customer@example.com", "Cole Customer");
        var id = await browser.App.StartRequestAsync(customerId, "Two agents, one customer", "hello");
        await browser.App.CreateUserAsync("collision.first@example.com", CommHub.Core.Users.Roles.Agent);
        await browser.App.CreateUserAsync("collision.second@example.com", CommHub.Core.Users.Roles.Agent);
        var first = await OpenAsync("collision.first@example.com", "a long enough password", $"/inbox/{id}");
        var customer = await OpenAsync("collision.customer@example.com", ConversationSeed.CustomerPassword, $"/portal/{id}");
        var second = await OpenAsync("collision.second@example.com", "a long enough password", $"/inbox/{id}");

        // Each agent sees the other, not themselves.
        await Expect(first.Locator("[data-testid=also-viewing]")).ToHaveTextAsync("Also viewing: collision.second");
        await Expect(second.Locator("[data-testid=also-viewing]")).ToHaveTextAsync("Also viewing: collision.first");

        // A private note being written shows to the other agent only.
        await second.Locator("[data-testid=composer-mode]").GetByText("Private note").ClickAsync();
        await Input(second).PressSequentiallyAsync("Known issue");
        await Expect(first.Locator("[data-testid=staff-typing]")).ToHaveTextAsync("collision.second is writing a private note…");
        // The same signal reached the customer's page at the same moment; it shows nothing there.
        await Expect(customer.Locator("[data-testid=typing]")).ToHaveCountAsync(0);
        await Expect(second.Locator("[data-testid=staff-typing]")).ToHaveCountAsync(0);

        // A reply being written shows to both.
        await Input(first).PressSequentiallyAsync("On it");
        await Expect(second.Locator("[data-testid=staff-typing]")).ToHaveTextAsync("collision.first is typing a reply…");
        await Expect(customer.Locator("[data-testid=typing]")).ToContainTextAsync("is typing");

        // The second agent leaves the conversation: the first no longer sees them there.
        await second.GotoAsync("/inbox");
        await Expect(first.Locator("[data-testid=also-viewing]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task TheAssignmentMenu_ShowsWhoIsOnline_Away_OrOffline()
    {
        var customerId = await browser.App.RegisterCustomerAsync("presence.customer@example.com");
        var id = await browser.App.StartRequestAsync(customerId, "Who can take it");
        await browser.App.CreateUserAsync("presence.lead@example.com", CommHub.Core.Users.Roles.Agent);
        await browser.App.CreateUserAsync("presence.online@example.com", CommHub.Core.Users.Roles.Agent);
        await browser.App.CreateUserAsync("presence.offline@example.com", CommHub.Core.Users.Roles.Agent);
        var lead = await OpenAsync("presence.lead@example.com", "a long enough password", $"/inbox/{id}");
        var other = await OpenAsync("presence.online@example.com", "a long enough password", "/inbox");

        ILocator Item(string name) => lead.Locator("[data-testid=assign-agent]", new() { HasTextString = name });
        // A click beside the open menu (on its overlay) closes it.
        async Task CloseMenuAsync()
        {
            await lead.Mouse.ClickAsync(2, 400);
            await Expect(Item("presence.online")).ToBeHiddenAsync();
        }
        await lead.ClickAsync("[data-testid=action-assign]");
        await Expect(Item("presence.online")).ToHaveAttributeAsync("data-presence", "online");
        await Expect(Item("presence.offline")).ToHaveAttributeAsync("data-presence", "offline");
        await CloseMenuAsync();

        // The other agent's tab goes to the background: away.
        await other.EvaluateAsync("""
            Object.defineProperty(document, "visibilityState", { value: "hidden", configurable: true });
            document.dispatchEvent(new Event("visibilitychange"));
            """);
        // The menu reads presence when it opens; the report reaches the server a moment after the event, so look again until it has.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string? state;
        do
        {
            await lead.ClickAsync("[data-testid=action-assign]");
            await Expect(Item("presence.online")).ToBeVisibleAsync();
            state = await Item("presence.online").GetAttributeAsync("data-presence");
            await CloseMenuAsync();
        }
        while (state != "away" && DateTime.UtcNow < deadline);
        Assert.Equal("away", state);
    }
}
