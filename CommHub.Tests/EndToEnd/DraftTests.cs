using CommHub.Tests.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommHub.Tests.EndToEnd;

/// <summary>A reply typed and not sent is kept per person and conversation, across switching and reloading, until sent.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DraftTests(BrowserFixture browser)
{
    private static ILocator Input(IPage page) => page.Locator("[data-testid=composer-input] textarea, textarea[data-testid=composer-input]");

    private static async Task SignInAgainAsync(IPage page, string email, string password, int conversationId)
    {
        await new AppShell(page).SignOutAsync();
        await new LoginPage(page).SignInAsync(email, password);
        await page.WaitForURLAsync("**/inbox");
        await page.GotoAsync($"/inbox/{conversationId}");
        await new AppShell(page).WaitInteractiveAsync();
        await Expect(page.Locator("[data-testid=thread-subject]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ADraft_SurvivesSwitchingAndReloading_AndIsClearedOnSend()
    {
        var customerId = await browser.App.RegisterCustomerAsync("drafts.customer@example.com", "Dana Draft");
        var first = await browser.App.StartRequestAsync(customerId, "Draft one", "first");
        var second = await browser.App.StartRequestAsync(customerId, "Draft two", "second");
        await browser.App.CreateUserAsync("drafts.agent@example.com", CommHub.Core.Users.Roles.Agent);
        var agent = await browser.NewPageAsync();
        await new LoginPage(agent).SignInAsync("drafts.agent@example.com", "a long enough password");
        await agent.WaitForURLAsync("**/inbox");
        await agent.GotoAsync($"/inbox/{first}");
        await new AppShell(agent).WaitInteractiveAsync();

        await Input(agent).PressSequentiallyAsync("Half-written answer");
        // Another conversation: its composer is empty; back again, the draft is there.
        await new InboxPage(agent).Row("Draft two").ClickAsync();
        await Expect(agent.Locator("[data-testid=thread-subject]")).ToHaveTextAsync("Draft two");
        await Expect(Input(agent)).ToHaveValueAsync("");
        await new InboxPage(agent).Row("Draft one").ClickAsync();
        await Expect(agent.Locator("[data-testid=thread-subject]")).ToHaveTextAsync("Draft one");
        await Expect(Input(agent)).ToHaveValueAsync("Half-written answer");

        // A private note in the making stays a private note after a reload.
        await agent.Locator("[data-testid=composer-mode]").GetByText("Private note").ClickAsync();
        await Input(agent).PressSequentiallyAsync(" (note)");
        await agent.ReloadAsync();
        await new AppShell(agent).WaitInteractiveAsync();
        await Expect(Input(agent)).ToHaveValueAsync("Half-written answer (note)");
        await Expect(Input(agent)).ToHaveAttributeAsync("placeholder", "Write a private note (only staff see it)");

        // Drafts are per person: someone else signed in on the same browser finds the composer empty there.
        await SignInAgainAsync(agent, CommHubFactory.AdminEmail, CommHubFactory.AdminPassword, first);
        await Expect(Input(agent)).ToHaveValueAsync("");
        await SignInAgainAsync(agent, "drafts.agent@example.com", "a long enough password", first);
        await Expect(Input(agent)).ToHaveValueAsync("Half-written answer (note)");

        await Input(agent).PressAsync("Control+Enter");
        await Expect(agent.Locator("[data-testid=private-note]")).ToContainTextAsync("Half-written answer (note)");
        await agent.ReloadAsync();
        await new AppShell(agent).WaitInteractiveAsync();
        await Expect(agent.Locator("[data-testid=private-note]")).ToContainTextAsync("Half-written answer (note)");
        await Expect(Input(agent)).ToHaveValueAsync("");
    }
}
