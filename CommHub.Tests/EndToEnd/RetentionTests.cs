using CommHub.Tests.Core.Retention;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommHub.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class RetentionTests(BrowserFixture browser)
{
    [Fact]
    public async Task AnAdmin_SeesWhatAPeriodWouldDelete_BeforeSaving_AndPutsAConversationOnLegalHold_BothInTheAuditLog()
    {
        var seed = new RetentionSeed(browser.App);
        var channel = await seed.ChannelAsync(retentionDays: null);
        var conversation = await seed.ConversationAsync(channel, "Retention customer");
        await seed.MessageAsync(conversation, DateTime.UtcNow.AddDays(-90), files: 1);
        await seed.MessageAsync(conversation, DateTime.UtcNow.AddDays(-60));
        await seed.MessageAsync(conversation, DateTime.UtcNow.AddDays(-1));
        var page = await SignedInAdminAsync();

        await page.GotoAsync("/channels");
        await new AppShell(page).WaitInteractiveAsync();
        var row = page.Locator("tr", new() { Has = page.Locator("[data-testid=channel-name]", new() { HasTextString = channel.Name }) });
        await row.Locator("[data-testid=retention-edit]").ClickAsync();
        var days = page.Locator("[data-testid=retention-dialog] input");
        await days.FillAsync("0");
        await days.PressAsync("Tab");
        await Expect(page.Locator("[data-testid=retention-error]")).ToContainTextAsync("1 to 36,500 days");
        await days.FillAsync("30");
        await days.PressAsync("Tab");
        await Expect(page.Locator("[data-testid=retention-preview]"))
            .ToContainTextAsync("2 messages and 1 file in 1 conversation would be deleted now.", new() { Timeout = 15_000 });
        await page.ClickAsync("[data-testid=retention-save]");
        await Expect(page.Locator("[data-testid=retention-dialog]")).ToBeHiddenAsync();
        await Expect(row.Locator("[data-testid=retention-edit]")).ToHaveTextAsync("30 days");

        await page.GotoAsync($"/inbox/{conversation.Id}");
        await new AppShell(page).WaitInteractiveAsync();
        await Expect(page.Locator("[data-testid=legal-hold-chip]")).ToHaveCountAsync(0);
        await page.Locator("input[data-testid=legal-hold-switch], [data-testid=legal-hold-switch] input").CheckAsync();
        await Expect(page.Locator("[data-testid=legal-hold-chip]")).ToBeVisibleAsync(new() { Timeout = 15_000 });

        await new AppShell(page).Nav("admin-audit").ClickAsync();
        await page.WaitForURLAsync("**/admin/audit");
        var holdRow = page.Locator("[data-testid=audit-table] tr", new() { Has = page.Locator("[data-testid=audit-row-action]", new() { HasTextString = "conversation.legal-hold-on" }) });
        await Expect(holdRow.First.Locator("[data-testid=audit-who]")).ToHaveTextAsync(CommHubFactory.AdminEmail);
        await Expect(page.Locator("[data-testid=audit-table]")).ToContainTextAsync("forever -> 30 days");

        await using var db = await browser.App.CreateDbAsync();
        Assert.Equal(30, (await db.Channels.SingleAsync(c => c.Id == channel.Id)).RetentionDays);
        Assert.True((await db.Conversations.SingleAsync(c => c.Id == conversation.Id)).LegalHold);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == CommHub.Core.Audit.AuditActions.LegalHoldOn && a.EntityId == conversation.Id.ToString()));
    }

    [Fact]
    public async Task AnAdmin_ErasesAContact_OnlyAfterTypingTheName()
    {
        var seed = new RetentionSeed(browser.App);
        var channel = await seed.ChannelAsync(retentionDays: null);
        var conversation = await seed.ConversationAsync(channel, "Erin Erasable");
        await seed.MessageAsync(conversation, DateTime.UtcNow.AddDays(-1), files: 1, text: "Please forget me");
        var page = await SignedInAdminAsync();

        await page.GotoAsync($"/inbox/{conversation.Id}");
        await new AppShell(page).WaitInteractiveAsync();
        await page.ClickAsync("[data-testid=contact-erase]");
        var confirm = page.Locator("[data-testid=erase-confirm]");
        var name = page.Locator("[data-testid=erase-dialog] input");
        await name.FillAsync("Erin");
        await Expect(confirm).ToBeDisabledAsync();
        await name.FillAsync("Erin Erasable");
        await Expect(confirm).ToBeEnabledAsync();
        await confirm.ClickAsync();

        await page.WaitForURLAsync("**/inbox", new() { Timeout = 15_000 });
        await using var db = await browser.App.CreateDbAsync();
        Assert.False(await db.Conversations.AnyAsync(c => c.Id == conversation.Id));
        Assert.False(await db.Contacts.AnyAsync(c => c.Name == "Erin Erasable"));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == CommHub.Core.Audit.AuditActions.ContactErased));
    }

    private async Task<IPage> SignedInAdminAsync()
    {
        var page = await browser.NewPageAsync();
        await new LoginPage(page).SignInAsync(CommHubFactory.AdminEmail, CommHubFactory.AdminPassword);
        await page.WaitForURLAsync("**/inbox");
        return page;
    }
}
