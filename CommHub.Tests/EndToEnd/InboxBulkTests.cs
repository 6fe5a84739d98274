using CommHub.Core.Conversations;
using CommHub.Infrastructure.Telegram;
using CommHub.Tests.Fakes;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommHub.Tests.EndToEnd;

/// <summary>The inbox's bulk actions with "Resolved — Undo", its order in the address, and Retry on a failed send.</summary>
[Collection(BrowserCollection.Name)]
public sealed class InboxBulkTests(BrowserFixture browser)
{
    private static readonly LocatorAssertionsToBeVisibleOptions Slow = new() { Timeout = 30_000 };

    private async Task<IPage> InboxAsync(string path = "/inbox")
    {
        var page = await browser.NewPageAsync();
        await new LoginPage(page).SignInAsync(CommHubFactory.AdminEmail, CommHubFactory.AdminPassword);
        await page.WaitForURLAsync("**/inbox");
        await page.GotoAsync(path);
        await new AppShell(page).WaitInteractiveAsync();
        return page;
    }

    private static ILocator StatusOf(InboxPage inbox, string subject) => inbox.Row(subject).Locator("[data-testid=row-status]");

    [Fact]
    public async Task BulkResolve_ResolvesEachTicked_AndUndoPutsThemBack()
    {
        var customer = await browser.App.RegisterCustomerAsync("bulk.e2e@example.com", "Bo Bulk");
        await browser.App.StartRequestAsync(customer, "Bulk one", "first");
        await browser.App.StartRequestAsync(customer, "Bulk two", "second");
        await browser.App.StartRequestAsync(customer, "Bulk untouched", "third");
        var page = await InboxAsync();
        var inbox = new InboxPage(page);
        await Expect(inbox.Row("Bulk untouched")).ToBeVisibleAsync(Slow);

        await inbox.Select("Bulk one").CheckAsync();
        await inbox.Select("Bulk two").CheckAsync();
        await Expect(page.Locator("[data-testid=bulk-count]")).ToHaveTextAsync("2 selected");
        await page.ClickAsync("[data-testid=bulk-resolve]");

        await Expect(StatusOf(inbox, "Bulk one")).ToHaveTextAsync("Resolved");
        await Expect(StatusOf(inbox, "Bulk two")).ToHaveTextAsync("Resolved");
        await Expect(StatusOf(inbox, "Bulk untouched")).ToHaveTextAsync("New");
        await Expect(page.Locator("[data-testid=bulk-count]")).ToHaveCountAsync(0);
        var snackbar = page.Locator(".mud-snackbar", new() { HasTextString = "2 conversations resolved." });
        await snackbar.GetByRole(AriaRole.Button, new() { Name = "Undo" }).ClickAsync();

        await Expect(StatusOf(inbox, "Bulk one")).ToHaveTextAsync("New");
        await Expect(StatusOf(inbox, "Bulk two")).ToHaveTextAsync("New");
        await using var db = await browser.App.CreateDbAsync();
        Assert.Equal(0, await db.Conversations.CountAsync(c => c.Subject.StartsWith("Bulk ") && c.Status == ConversationStatus.Resolved));
    }

    [Fact]
    public async Task WaitingLongest_IsKeptInTheAddress_AndSurvivesAReload()
    {
        var customer = await browser.App.RegisterCustomerAsync("waiting.e2e@example.com", "Wes Waiting");
        await browser.App.StartRequestAsync(customer, "Waiting a while", "hello?");
        var page = await InboxAsync();

        await MudSelectPicker.ChooseAsync(page, "filter-sort", "Waiting longest");
        await page.WaitForURLAsync("**/inbox?sort=waiting");
        var inbox = new InboxPage(page);
        await Expect(inbox.Row("Waiting a while").Locator("[data-testid=row-waiting]")).ToBeVisibleAsync(Slow);
        await page.ReloadAsync();
        await new AppShell(page).WaitInteractiveAsync();

        await Expect(inbox.Row("Waiting a while").Locator("[data-testid=row-waiting]")).ToBeVisibleAsync(Slow);
        await Expect(page.Locator("[data-testid=filter-sort]")).ToHaveValueAsync("Waiting longest");
    }

    [Fact]
    public async Task RetryOnAFailedSend_SendsItOnce()
    {
        var telegram = browser.Telegram;
        // Deleted at the end, so its poller takes no update meant for another test's bot (the collection runs one test at a time).
        var channelId = await telegram.AddChannelAsync(browser.App);
        try
        {
            await FailThenRetryAsync(telegram, channelId);
        }
        finally
        {
            await browser.App.Services.GetRequiredService<TelegramChannelAdmin>().DeleteAsync(channelId, null);
        }
    }

    private async Task FailThenRetryAsync(FakeTelegram telegram, int channelId)
    {
        int conversationId;
        await using (var db = await browser.App.CreateDbAsync())
        {
            var conversation = new Conversation
            {
                ChannelId = channelId,
                Contact = new CommHub.Core.Contacts.Contact { Name = "Rita Retry" },
                Subject = "Retry me",
                ExternalThreadKey = "5150",
                LastActivityAt = DateTime.UtcNow,
            };
            db.Conversations.Add(conversation);
            await db.SaveChangesAsync();
            conversationId = conversation.Id;
        }
        var page = await InboxAsync($"/inbox/{conversationId}");
        await Expect(page.Locator("[data-testid=thread-subject]")).ToHaveTextAsync("Retry me");
        telegram.SendFailures.Enqueue((403, null));

        await new InboxPage(page).ReplyAsync("Are you still there?");
        var bubble = page.Locator("[data-testid=message]", new() { HasTextString = "Are you still there?" });
        await Expect(bubble.Locator("[data-testid=ticks][data-status=failed]")).ToBeVisibleAsync(Slow);
        await bubble.Locator("[data-testid=retry-send]").ClickAsync();

        await Expect(bubble.Locator("[data-testid=ticks][data-status=sent]")).ToBeVisibleAsync(Slow);
        await Expect(bubble.Locator("[data-testid=retry-send]")).ToHaveCountAsync(0);
        Assert.Single(telegram.Sent, s => s.Text == "Are you still there?" && s.ChatId == "5150");
    }
}
