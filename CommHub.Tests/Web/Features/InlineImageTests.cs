using System.Net;
using System.Text.RegularExpressions;
using Bunit;
using CommHub.Core.Attachments;
using CommHub.Core.Conversations;
using CommHub.Infrastructure.Gmail;
using CommHub.Tests.Fakes;
using CommHub.Tests.TestSupport;
using CommHub.Web.Features.Attachments;
using CommHub.Web.Features.Conversations;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MimeKit;

namespace CommHub.Tests.Web.Features;

/// <summary>Two mails through the Gmail fake: one with an inline (cid:) logo, one pointing at the first one's Content-ID.</summary>
public sealed class InlineImageFixture : IAsyncLifetime
{
    public const string ContentId = "logo.1@acme.example";

    public FakeGmail Gmail { get; } = new();

    public CommHubFactory Factory { get; } = new();

    public byte[] Logo { get; } = TestImages.Png(40, 20);

    public ThreadMessage WithLogo { get; private set; } = default!;

    public ThreadMessage Borrowing { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Factory.StopSweeps();
        // The stored original is what the frame gets while no cleaned copy exists; the test keeps it that way.
        Factory.ConfigureServices = services => services.AddSingleton<IAttachmentQueue, RecordingAttachmentQueue>();
        Gmail.Configure(Factory);
        var channelId = await Gmail.ConnectChannelAsync(Factory);

        var related = new MultipartRelated { Root = new TextPart("html") { Text = $"<p>Our logo:</p><img src=\"cid:{Uri.EscapeDataString(ContentId)}\" alt=\"logo\"><img src=\"https://tracker.example/o.gif\">" } };
        related.Add(new MimePart("image", "png") { ContentId = ContentId, Content = new MimeContent(new MemoryStream(Logo)), ContentTransferEncoding = ContentEncoding.Base64 });
        Gmail.Deliver(Raw("<inline-1@example.com>", "With a logo", related), threadId: "thread-logo");
        // Another mail naming the first one's Content-ID: it has no such file, so it must not get the first one's.
        Gmail.Deliver(Raw("<inline-2@example.com>", "Borrowing", new TextPart("html") { Text = $"<p>Not mine:</p><img src=\"cid:{ContentId}\">" }), threadId: "thread-borrow");
        await Factory.Services.GetRequiredService<GmailSyncService>().SyncAsync(channelId);

        WithLogo = await MessageAsync("thread-logo");
        Borrowing = await MessageAsync("thread-borrow");
    }

    private static string Raw(string messageId, string subject, MimeEntity body)
    {
        var mail = new MimeMessage { Subject = subject, MessageId = messageId.Trim('<', '>'), Body = body };
        mail.From.Add(new MailboxAddress("Ann", "ann@example.com"));
        mail.To.Add(new MailboxAddress("", "support@acme.example"));
        using var raw = new MemoryStream();
        mail.WriteTo(raw);
        return System.Text.Encoding.ASCII.GetString(raw.ToArray());
    }

    private async Task<ThreadMessage> MessageAsync(string threadKey)
    {
        await using var db = await Factory.CreateDbAsync();
        var conversation = await db.Conversations.Where(c => c.ExternalThreadKey == threadKey).Select(c => c.Id).SingleAsync();
        var thread = await Factory.Services.GetRequiredService<ConversationService>().GetThreadAsync(conversation);
        return Assert.Single(thread!.Messages);
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Gmail.DisposeAsync();
    }
}

/// <summary>
/// An email's inline (cid:) images show in its sandboxed frame, which sends no cookie: through signed, short-lived links to
/// the file endpoint, bound to the attachment, made only for the mail's own files. Remote images still wait.
/// </summary>
public sealed class InlineImageTests : ComponentTestBase, IClassFixture<InlineImageFixture>
{
    private readonly InlineImageFixture fixture;

    public InlineImageTests(InlineImageFixture fixture)
    {
        this.fixture = fixture;
        // The app's own signer, so the links made here are the ones its endpoint accepts.
        Services.RemoveAll<InlineImageLinks>();
        Services.AddSingleton(fixture.Factory.Services.GetRequiredService<InlineImageLinks>());
    }

    private HttpClient Anonymous() => fixture.Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });

    private string Frame(ThreadMessage message) =>
        Render<EmailBody>(p => p.Add(b => b.Html, message.Html!).Add(b => b.Attachments, message.Attachments)).Find("[data-testid=email-frame]").GetAttribute("srcdoc")!;

    private string LinkIn(string frame)
    {
        var match = Regex.Match(frame, "<img [^>]*(?<![-\\w])src=\"(files/\\d+/inline\\?token=[^\"]+)\"");
        Assert.True(match.Success, $"no signed inline link in {frame}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [Fact]
    public async Task ACidImage_ShowsThroughASignedLink_ThatServesItsBytesWithoutACookie()
    {
        var logo = Assert.Single(fixture.WithLogo.Attachments);
        Assert.Equal(InlineImageFixture.ContentId, logo.ContentId);

        var frame = Frame(fixture.WithLogo);
        var link = LinkIn(frame);
        Assert.StartsWith($"files/{logo.Id}/inline?token=", link);
        // The remote tracker still waits for "Show images".
        Assert.DoesNotMatch("(?<![-\\w])src=\"https://tracker", frame);

        using var response = await Anonymous().GetAsync("/" + link);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(fixture.Logo, await response.Content.ReadAsByteArrayAsync());
        Assert.StartsWith("sandbox", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task ATamperedExpiredOrMissingToken_OrAnotherFilesToken_GetsNotFound()
    {
        var logo = Assert.Single(fixture.WithLogo.Attachments);
        var links = fixture.Factory.Services.GetRequiredService<InlineImageLinks>();
        var valid = links.Token(logo.Id, DateTimeOffset.UtcNow.AddMinutes(5));
        var expired = links.Token(logo.Id, DateTimeOffset.UtcNow.AddSeconds(-1));
        var tampered = valid[..^3] + (valid[^3] == 'A' ? 'B' : 'A') + valid[^2..];
        using var client = Anonymous();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/files/{logo.Id}/inline?token={valid}")).StatusCode);
        foreach (var url in new[]
        {
            $"/files/{logo.Id}/inline?token={expired}",
            $"/files/{logo.Id}/inline?token={tampered}",
            $"/files/{logo.Id}/inline",
            // A token is for one attachment: another id with it is refused.
            $"/files/{logo.Id + 1}/inline?token={valid}",
        })
        {
            using var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url} answered {(int)response.StatusCode}");
        }
        // And the cookie-protected download is still refused without a cookie.
        Assert.NotEqual(HttpStatusCode.OK, (await client.GetAsync($"/files/{logo.Id}")).StatusCode);
    }

    [Fact]
    public void TheFrame_KeepsItsLinks_WhenTheThreadIsReadAgain()
    {
        var body = Render<EmailBody>(p => p.Add(b => b.Html, fixture.WithLogo.Html!).Add(b => b.Attachments, fixture.WithLogo.Attachments));
        var before = body.Find("[data-testid=email-frame]").GetAttribute("srcdoc");

        // A live update reads the thread again: the same body as a new string, the same files as new records.
        body.Render(p => p.Add(b => b.Html, new string(fixture.WithLogo.Html!.AsSpan())).Add(b => b.Attachments, fixture.WithLogo.Attachments.Select(a => a with { }).ToList()));

        Assert.Equal(before, body.Find("[data-testid=email-frame]").GetAttribute("srcdoc"));
    }

    [Fact]
    public void ACidOfAnotherMessagesFile_GetsNoLink()
    {
        Assert.Empty(fixture.Borrowing.Attachments);

        var frame = Frame(fixture.Borrowing);

        Assert.Contains("Not mine:", frame);
        Assert.DoesNotContain("/inline?token=", frame);
    }

    [Fact]
    public async Task ASignedLink_ServesOnlyInlineImages_NotAnyOtherFile()
    {
        // A signed token for a file that is not an inline image (here: none of this mail's, but a real file) fetches nothing.
        int other;
        await using (var db = await fixture.Factory.CreateDbAsync())
        {
            var message = await db.Messages.SingleAsync(m => m.Id == fixture.Borrowing.Id);
            var file = new Attachment { FileName = "notes.txt", ContentType = "text/plain", OriginalBlobKey = "missing", State = AttachmentState.Ready, CreatedAt = message.CreatedAt };
            message.Attachments.Add(file);
            await db.SaveChangesAsync();
            other = file.Id;
        }
        var token = fixture.Factory.Services.GetRequiredService<InlineImageLinks>().Token(other, DateTimeOffset.UtcNow.AddMinutes(5));

        using var response = await Anonymous().GetAsync($"/files/{other}/inline?token={token}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
