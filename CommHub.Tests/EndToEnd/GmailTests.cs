using CommHub.Infrastructure.Gmail;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace CommHub.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class GmailTests(BrowserFixture browser)
{
    [Fact]
    public async Task AnAdminConnectsGmail_AMailAppearsLive_AndTheReplyIsThreaded()
    {
        var gmail = browser.Gmail;
        var page = await browser.NewPageAsync();
        await new LoginPage(page).SignInAsync(CommHubFactory.AdminEmail, CommHubFactory.AdminPassword);
        await page.WaitForURLAsync("**/inbox");
        await page.GotoAsync("/channels");
        await new AppShell(page).WaitInteractiveAsync();

        // Add Gmail: what is missing is said, then Connect with Google goes to Google's (the fake's) consent page.
        await page.ClickAsync("[data-testid=add-gmail]");
        var dialog = page.Locator(".mud-dialog");
        await dialog.Locator("[data-testid=gmail-connect]").ClickAsync();
        await Expect(dialog).ToContainTextAsync("Give the channel a name, for example Support mailbox.");
        await dialog.Locator("input[data-testid=gmail-name]").FillAsync("Support mail");
        await dialog.Locator("input[data-testid=gmail-client-id]").FillAsync(gmail.ClientId);
        await dialog.Locator("input[data-testid=gmail-client-secret]").FillAsync(gmail.ClientSecret);
        await dialog.Locator("textarea[data-testid=gmail-signature]").FillAsync("Acme Support");
        await Expect(dialog.Locator("[data-testid=gmail-redirect-uri]")).ToHaveTextAsync(browser.BaseUrl + "/channels/gmail/callback");
        await dialog.Locator("[data-testid=gmail-connect]").ClickAsync();
        await page.WaitForURLAsync(gmail.AuthorizationEndpoint + "**");
        await page.ClickAsync("#allow");

        await page.WaitForURLAsync("**/channels?gmail=**");
        await Expect(page.Locator("[data-testid=gmail-notice]")).ToHaveTextAsync("Support mail (support@acme.example) is connected; its mail is being fetched.");
        var row = page.Locator("tr", new() { Has = page.Locator("[data-testid=channel-name]", new() { HasTextString = "Support mail" }) });
        await Expect(row.Locator("[data-testid=channel-status]")).ToContainTextAsync("Active");
        await new AppShell(page).WaitInteractiveAsync();
        await row.Locator("[data-testid=gmail-test]").ClickAsync();
        await Expect(row.Locator("[data-testid=gmail-test-result]")).ToHaveTextAsync("Connected as support@acme.example.");
        await row.Locator("[data-testid=gmail-settings]").ClickAsync();
        await Expect(page.Locator(".mud-dialog textarea[data-testid=gmail-signature]")).ToHaveValueAsync("Acme Support");
        await page.Locator(".mud-dialog textarea[data-testid=gmail-signature]").FillAsync("Acme Support team");
        await page.ClickAsync("[data-testid=gmail-settings-save]");
        await Expect(page.Locator(".mud-dialog")).ToBeHiddenAsync();

        // A mail arrives while the inbox is open: it shows up without a reload.
        await page.GotoAsync("/inbox");
        await new AppShell(page).WaitInteractiveAsync();
        int channelId;
        await using (var db = await browser.App.CreateDbAsync())
        {
            channelId = await db.Channels.Where(c => c.Name == "Support mail").Select(c => c.Id).SingleAsync();
        }
        gmail.Deliver("From: Erin <erin@example.com>\r\nTo: support@acme.example\r\nSubject: Gmail live test\r\nMessage-ID: <erin-1@example.com>\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n\r\nMy order has not arrived.\r\n", threadId: "thread-erin");
        await browser.App.Services.GetRequiredService<GmailSyncService>().SyncAsync(channelId);
        var inbox = new InboxPage(page);
        await Expect(inbox.Row("Gmail live test")).ToBeVisibleAsync();

        await inbox.Row("Gmail live test").ClickAsync();
        await inbox.ReplyAsync("Sorry! It ships today.");

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!gmail.Sent.Any(s => s.Raw.Contains("It ships today", StringComparison.Ordinal)) && DateTime.UtcNow < deadline) await Task.Delay(200);
        var (raw, threadId) = Assert.Single(gmail.Sent, s => s.Raw.Contains("It ships today", StringComparison.Ordinal));
        var mime = MimeKit.MimeMessage.Load(new MemoryStream(System.Text.Encoding.Latin1.GetBytes(raw)));
        Assert.Equal("thread-erin", threadId);
        Assert.Equal("erin-1@example.com", mime.InReplyTo);
        Assert.Equal(["erin-1@example.com"], mime.References);
        Assert.Equal("Re: Gmail live test", mime.Subject);
        Assert.Equal(["erin@example.com"], mime.To.Mailboxes.Select(m => m.Address));
        Assert.EndsWith("Acme Support team", mime.TextBody!.TrimEnd());
    }

    [Fact]
    public async Task AnInlineCidImage_LoadsInTheSandboxedMailFrame_WhileARemoteOneWaits()
    {
        var gmail = browser.Gmail;
        var channelId = await gmail.ConnectChannelAsync(browser.App);
        var subject = $"Inline logo {Guid.NewGuid():N}";
        var related = new MimeKit.MultipartRelated
        {
            Root = new MimeKit.TextPart("html") { Text = "<p>Our logo:</p><img alt=\"logo\" src=\"cid:logo.e2e@acme.example\"><img alt=\"tracker\" src=\"https://tracker.example/o.gif\">" },
        };
        related.Add(new MimeKit.MimePart("image", "png")
        {
            ContentId = "logo.e2e@acme.example", Content = new MimeKit.MimeContent(new MemoryStream(TestImages.Png(40, 20))), ContentTransferEncoding = MimeKit.ContentEncoding.Base64,
        });
        var mail = new MimeKit.MimeMessage { Subject = subject, MessageId = $"{Guid.NewGuid():N}@example.com", Body = related };
        mail.From.Add(new MimeKit.MailboxAddress("Erin", "erin@example.com"));
        mail.To.Add(new MimeKit.MailboxAddress("", gmail.Address));
        using (var raw = new MemoryStream())
        {
            await mail.WriteToAsync(raw);
            gmail.Deliver(System.Text.Encoding.ASCII.GetString(raw.ToArray()), threadId: "thread-" + subject);
        }
        await browser.App.Services.GetRequiredService<GmailSyncService>().SyncAsync(channelId);

        var page = await browser.NewPageAsync();
        await new LoginPage(page).SignInAsync(CommHubFactory.AdminEmail, CommHubFactory.AdminPassword);
        await page.WaitForURLAsync("**/inbox");
        await new AppShell(page).WaitInteractiveAsync();
        // Another mailbox of the shared fake may have brought the same mail in too: either copy shows the same.
        await new InboxPage(page).Row(subject).First.ClickAsync();

        var frame = page.FrameLocator("[data-testid=email-frame]");
        // The frame has an opaque origin and sends no cookie: the image comes by its signed link, decoded at its real size.
        await Expect(frame.Locator("img[alt=logo]")).ToHaveJSPropertyAsync("naturalWidth", 40, new() { Timeout = 30_000 });
        await Expect(frame.Locator("img[alt=tracker]")).Not.ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex("."));
        await Expect(page.Locator("[data-testid=show-images]")).ToBeVisibleAsync();
    }
}
