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
    public async Task AMention_IsOfferedAsYouType_NotifiesLive_AndOpensTheConversation()
    {
        var customerId = await browser.App.RegisterCustomerAsync("mention.live@example.com", "Lou Live");
        var id = await browser.App.StartRequestAsync(customerId, "Needs a second opinion", "hello");
        await browser.App.CreateUserAsync("mention.writer@example.com", CommHub.Core.Users.Roles.Agent);
        await browser.App.CreateUserAsync("mention.reader@example.com", CommHub.Core.Users.Roles.Agent);
        var reader = await OpenAsync("mention.reader@example.com", "a long enough password", "/templates");
        var writer = await OpenAsync("mention.writer@example.com", "a long enough password", $"/inbox/{id}");
        await Expect(reader.Locator("[data-testid=notification-count] .mud-badge")).ToHaveCountAsync(0);

        await writer.Locator("[data-testid=composer-mode]").GetByText("Private note").ClickAsync();
        await Input(writer).PressSequentiallyAsync("Over to @mention.r");
        await Expect(writer.Locator("[data-testid=mention-choice]")).ToHaveCountAsync(1);
        await Expect(writer.Locator("[data-testid=mention-choice]")).ToHaveTextAsync("@mention.reader");
        await Input(writer).PressAsync("Enter");
        await Expect(Input(writer)).ToHaveValueAsync("Over to @mention.reader ");
        await Input(writer).PressSequentiallyAsync("please");
        await Input(writer).PressAsync("Control+Enter");
        await Expect(writer.Locator("[data-testid=private-note] [data-testid=mention]")).ToHaveTextAsync("@mention.reader");

        // The reader, on another page, hears of it at once: the bell and the tab's title count it.
        await Expect(reader.Locator("[data-testid=notification-count] .mud-badge-content, [data-testid=notification-count] .mud-badge")).ToContainTextAsync("1");
        await Expect(reader).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex(@"^\(1\) "));
        await reader.Locator("[data-testid=notification-bell] button").First.ClickAsync();
        var entry = reader.Locator("[data-testid=notification]");
        await Expect(entry).ToContainTextAsync("mention.writer mentioned you in “Needs a second opinion”");
        await entry.ClickAsync();
        await reader.WaitForURLAsync($"**/inbox/{id}");
        await Expect(reader.Locator("[data-testid=private-note]")).ToContainTextAsync("Over to @mention.reader please");
        await Expect(reader).Not.ToHaveTitleAsync(new System.Text.RegularExpressions.Regex(@"^\(\d+\) "));
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
        await lead.ClickAsync("[data-testid=action-assign]");
        await Expect(Item("presence.online")).ToHaveAttributeAsync("data-presence", "online");
        await Expect(Item("presence.offline")).ToHaveAttributeAsync("data-presence", "offline");

        // The other agent's tab goes to the background: away.
        await other.EvaluateAsync("""
            Object.defineProperty(document, "visibilityState", { value: "hidden", configurable: true });
            document.dispatchEvent(new Event("visibilitychange"));
            """);
        // The menu reads presence when it opens, and the report reaches the server a moment after the event: open it
        // afresh (on a reloaded page) until it shows the change.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string? state;
        do
        {
            await lead.ReloadAsync();
            await new AppShell(lead).WaitInteractiveAsync();
            await lead.ClickAsync("[data-testid=action-assign]");
            await Expect(Item("presence.online")).ToBeVisibleAsync();
            state = await Item("presence.online").GetAttributeAsync("data-presence");
        }
        while (state != "away" && DateTime.UtcNow < deadline);
        Assert.Equal("away", state);
    }
}
