using System.Text.Json.Nodes;
using CommHub.Infrastructure.Jobs;
using CommHub.Tests.Fakes;
using CommHub.Tests.TestSupport;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CommHub.Tests.Fakes.TelegramUpdates;
using static Microsoft.Playwright.Assertions;

namespace CommHub.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class TelegramTests(BrowserFixture browser)
{
    private FakeTelegram Telegram => browser.Telegram;

    private static async Task<Microsoft.Playwright.IPage> ChannelsPageAsync(Microsoft.Playwright.IPage page)
    {
        await new LoginPage(page).SignInAsync(CommHubFactory.AdminEmail, CommHubFactory.AdminPassword);
        await page.WaitForURLAsync("**/inbox");
        await page.GotoAsync("/channels");
        await new AppShell(page).WaitInteractiveAsync();
        return page;
    }

    [Fact]
    public async Task AnAdminConnectsABot_AMessageAppearsLiveInTheInbox_AndTheReplyReachesTheChat()
    {
        var page = await ChannelsPageAsync(await browser.NewPageAsync());

        await page.ClickAsync("[data-testid=add-telegram]");
        var dialog = page.Locator("[data-testid=telegram-dialog]");
        var token = dialog.Locator("[data-testid=tg-token] input, input[data-testid=tg-token]");
        await token.FillAsync("not a token");
        await dialog.Locator("[data-testid=tg-test]").ClickAsync();
        await Expect(dialog.Locator("[data-testid=tg-error]")).ToContainTextAsync("That is not a bot token.");
        await token.FillAsync(Telegram.Token);
        await dialog.Locator("[data-testid=tg-test]").ClickAsync();
        await Expect(dialog.Locator("[data-testid=tg-bot-name]")).ToHaveTextAsync("Connected to @acme_support_bot");
        await page.Locator("[data-testid=tg-save]").ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        var row = page.Locator("tr", new() { Has = page.Locator("[data-testid=channel-name]", new() { HasTextString = "@acme_support_bot" }) });
        await Expect(row).ToBeVisibleAsync();
        await Expect(page.Locator("body")).Not.ToContainTextAsync(Telegram.Token);

        int channelId;
        await using (var db = await browser.App.CreateDbAsync())
            channelId = await db.Channels.Where(c => c.Name == "@acme_support_bot").Select(c => c.Id).SingleAsync();

        await page.GotoAsync("/inbox");
        await new AppShell(page).WaitInteractiveAsync();
        var dora = User(4242, "Dora", "Explorer", "dora");
        var hello = Message(PrivateChat(dora), dora, "Hello from Telegram");
        await Telegram.PushAsync(Update(hello));
        // The polling job, now rather than at the next minute.
        browser.App.Services.GetRequiredService<IRecurringJobManager>().Trigger(TelegramPollJob.RecurringId(channelId));

        var inbox = new InboxPage(page);
        await Expect(inbox.Row("Hello from Telegram")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await inbox.Row("Hello from Telegram").ClickAsync();
        // Answer that very message: Telegram shows the reply quoting it.
        await page.Locator("[data-testid=message]", new() { HasTextString = "Hello from Telegram" }).Locator("[data-testid=answer-message]").ClickAsync();
        await Expect(page.Locator("[data-testid=answer-target]")).ToContainTextAsync("Answering Dora Explorer: Hello from Telegram");
        await inbox.ReplyAsync("Hi Dora, how can we help?");
        await Expect(page.Locator("[data-testid=answer-target]")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-testid=reply-quote]")).ToContainTextAsync("Hello from Telegram");

        var until = DateTime.UtcNow.AddSeconds(20);
        while (Telegram.Sent.IsEmpty && DateTime.UtcNow < until) await Task.Delay(100);
        var sent = Assert.Single(Telegram.Sent);
        Assert.Equal(("sendMessage", "4242", "Hi Dora, how can we help?", hello["message_id"]!.GetValue<int>()), (sent.Method, sent.ChatId, sent.Text, sent.ReplyTo));
    }

    [Fact]
    public async Task TheAddDialog_FitsAPhone()
    {
        var page = await ChannelsPageAsync(await browser.NewPageAsync(width: 360, height: 740));

        await page.ClickAsync("[data-testid=add-telegram]");
        var dialog = page.Locator("[data-testid=telegram-dialog]");
        await page.Locator("[data-testid=tg-save]").ClickAsync();
        await Expect(dialog.Locator("[data-testid=tg-error]")).ToHaveTextAsync("Enter the bot token @BotFather gave you.");
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 360, $"The page scrolls sideways at 360px ({width}px wide).");
    }
}
