using CommHub.Core.Contacts;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommHub.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class ContactsTests(BrowserFixture browser)
{
    [Fact]
    public async Task Agent_FindsAContact_EditsIt_AndMergesAnotherIntoIt_AfterConfirming()
    {
        var (keepId, otherId) = await SeedAsync();
        var agent = await browser.NewPageAsync();
        await new LoginPage(agent).SignInAsync(CommHubFactory.AdminEmail, CommHubFactory.AdminPassword);
        await agent.WaitForURLAsync("**/inbox");
        await agent.GotoAsync("/contacts");
        await new AppShell(agent).WaitInteractiveAsync();

        await Field(agent, "contacts-search").FillAsync("wombat");
        var rows = agent.Locator("[data-testid=contact-row]");
        await Expect(rows).ToHaveCountAsync(2);
        await rows.Filter(new() { HasTextString = "Wendy Wombat" }).ClickAsync();
        await agent.WaitForURLAsync($"**/contacts/{keepId}");
        await Expect(agent.Locator("[data-testid=contact-identity]")).ToContainTextAsync("Telegram @wendyw");

        await agent.ClickAsync("[data-testid=contact-edit]");
        await Field(agent, "contact-edit-email").FillAsync("not an address");
        await agent.ClickAsync("[data-testid=contact-save]");
        await Expect(agent.Locator("[data-testid=contact-edit-error]")).ToContainTextAsync("is not an e-mail address");
        await Field(agent, "contact-edit-email").FillAsync("");
        await Field(agent, "contact-edit-phone").FillAsync("+61 2 5550 1234");
        await agent.ClickAsync("[data-testid=contact-save]");
        await Expect(agent.Locator("[data-testid=contact-phone]")).ToHaveTextAsync("+61 2 5550 1234");

        await agent.ClickAsync("[data-testid=contact-merge]");
        var dialog = agent.Locator("[data-testid=merge-dialog]");
        await Field(dialog, "merge-search").FillAsync("wombat.example");
        await dialog.Locator("[data-testid=merge-candidate]", new() { HasTextString = "W. Wombat" }).Locator("[data-testid=merge-pick]").ClickAsync();
        await Expect(dialog.Locator("[data-testid=merge-summary]")).ToContainTextAsync("It cannot be undone.");
        await agent.ClickAsync("[data-testid=merge-confirm]");

        await Expect(agent.Locator("[data-testid=contact-identity]")).ToHaveCountAsync(2);
        await Expect(agent.Locator("[data-testid=contact-identities]")).ToContainTextAsync("Email wendy@wombat.example");
        await Expect(agent.Locator("[data-testid=contact-conversation]")).ToHaveCountAsync(2);
        await Expect(agent.Locator("[data-testid=contact-email]")).ToHaveTextAsync("wendy@wombat.example");
        await agent.GotoAsync($"/contacts/{otherId}");
        await Expect(agent.Locator("[data-testid=not-found]")).ToBeVisibleAsync();
    }

    /// <summary>A MudTextField's input (the data-testid lands on the input or on its wrapper).</summary>
    private static ILocator Field(IPage page, string testId) => page.Locator($"[data-testid={testId}] input, input[data-testid={testId}]");

    private static ILocator Field(ILocator scope, string testId) => scope.Locator($"[data-testid={testId}] input, input[data-testid={testId}]");

    /// <summary>Wendy on Telegram with one conversation, and the same Wendy by e-mail with another.</summary>
    private async Task<(int Keep, int Other)> SeedAsync()
    {
        await using var db = await browser.App.CreateDbAsync();
        var channel = await db.Channels.OrderBy(c => c.Id).FirstOrDefaultAsync() ?? db.Channels.Add(new CommHub.Core.Channels.Channel { Name = "Contacts bot" }).Entity;
        var keep = new Contact { Name = "Wendy Wombat", Identities = [new ContactIdentity { Kind = IdentityKind.Telegram, Value = "771001", DisplayHandle = "@wendyw" }] };
        var other = new Contact { Name = "W. Wombat", Email = "wendy@wombat.example", Identities = [new ContactIdentity { Kind = IdentityKind.Email, Value = "wendy@wombat.example" }] };
        db.Contacts.AddRange(keep, other);
        db.Conversations.AddRange(
            new CommHub.Core.Conversations.Conversation { Channel = channel, Contact = keep, Subject = "Wombat chat" },
            new CommHub.Core.Conversations.Conversation { Channel = channel, Contact = other, Subject = "Wombat mail" });
        await db.SaveChangesAsync();
        return (keep.Id, other.Id);
    }
}
