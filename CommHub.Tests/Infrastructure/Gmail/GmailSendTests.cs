using CommHub.Core.Channels;
using CommHub.Core.Conversations;
using CommHub.Core.Outbox;
using CommHub.Core.Users;
using CommHub.Infrastructure.Gmail;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Infrastructure.Gmail;

public sealed class GmailSendTests() : GmailSendTestsBase(onPostgres: false);

public sealed class GmailSendTestsOnPostgres() : GmailSendTestsBase(onPostgres: true);

public abstract class GmailSendTestsBase : FakeGmailTest
{
    private int channelId;
    private int conversationId;
    private string agentId = "";

    protected GmailSendTestsBase(bool onPostgres) : base(onPostgres)
    {
        // The test sends itself; the signal and the minute's sweep would only race it.
        Factory.StopSweeps();
        // Files are processed by the test itself (a recording media queue), so a photo's wait for its cleaned copy is not raced.
        Factory.ConfigureServices = services => services
            .AddSingleton<IOutboxSignal, NoOutboxSignal>()
            .AddSingleton<CommHub.Core.Attachments.IAttachmentQueue, RecordingAttachmentQueue>();
    }

    public override async Task InitializeAsync()
    {
        channelId = await Gmail.ConnectChannelAsync(Factory);
        Gmail.Deliver("From: Ann <ann@example.com>\r\nTo: support@acme.example\r\nSubject: Printer\r\nMessage-ID: <a1@example.com>\r\n\r\nIt is broken\r\n", threadId: "thread-printer");
        await Factory.Services.GetRequiredService<GmailSyncService>().SyncAsync(channelId);
        await using (var db = await Factory.CreateDbAsync())
        {
            conversationId = await db.Conversations.Where(c => c.ChannelId == channelId).Select(c => c.Id).SingleAsync();
        }
        agentId = (await Factory.CreateUserAsync("mail.agent@example.com", Roles.Agent)).Id;
    }

    private OutboxService Outbox => Factory.Services.GetRequiredService<OutboxService>();

    private async Task<Message> ReplyAsync(string text)
    {
        Assert.True((await Factory.Services.GetRequiredService<ConversationService>().ReplyAsync(conversationId, agentId, text)).Succeeded);
        await using var db = await Factory.CreateDbAsync();
        return await db.Messages.Where(m => m.ConversationId == conversationId && m.Direction == MessageDirection.Outbound).OrderByDescending(m => m.Id).FirstAsync();
    }

    private async Task<(Message Message, OutboxItem Item)> StateAsync(int messageId)
    {
        await using var db = await Factory.CreateDbAsync();
        return (await db.Messages.SingleAsync(m => m.Id == messageId), await db.Outbox.SingleAsync(o => o.MessageId == messageId));
    }

    private async Task MakeDueAsync()
    {
        await using var db = await Factory.CreateDbAsync();
        await db.Outbox.ExecuteUpdateAsync(s => s.SetProperty(o => o.NextAttemptAt, DateTime.UtcNow.AddSeconds(-1)));
    }

    [Fact]
    public async Task AReply_IsAProperlyThreadedEmail_AndIsNotIngestedAgain()
    {
        var reply = await ReplyAsync("Try turning it off and on.");
        Assert.Equal(DeliveryStatus.Pending, reply.DeliveryStatus);

        await Outbox.SendDueAsync();

        var (raw, threadId) = Assert.Single(Gmail.Sent);
        Assert.Equal("thread-printer", threadId);
        Assert.Contains("From: support@acme.example", raw);
        Assert.Contains("To: ann@example.com", raw);
        Assert.Contains("Subject: Re: Printer", raw);
        Assert.Contains("In-Reply-To: <a1@example.com>", raw);
        Assert.Contains("References: <a1@example.com>", raw);
        Assert.Contains("Message-Id: <", raw, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Try turning it off and on.", raw);
        Assert.Contains("text/html", raw);
        var (message, item) = await StateAsync(reply.Id);
        Assert.Equal((DeliveryStatus.Sent, OutboxState.Done), (message.DeliveryStatus, item.State));
        Assert.NotNull(message.ExternalId);
        Assert.StartsWith("<", message.InternetMessageId);

        var sync = await Factory.Services.GetRequiredService<GmailSyncService>().SyncAsync(channelId);
        Assert.Equal(0, sync.Stored);
    }

    [Fact]
    public async Task TooManyRequests_WaitsRetryAfter_ServerErrorsBackOff_ThenItSends()
    {
        Gmail.SendFailures.Enqueue((429, 7));
        Gmail.SendFailures.Enqueue((503, null));
        var reply = await ReplyAsync("Eventually");

        var before = DateTime.UtcNow;
        await Outbox.SendDueAsync();
        var (_, afterLimit) = await StateAsync(reply.Id);
        Assert.Equal(OutboxState.Pending, afterLimit.State);
        Assert.InRange((afterLimit.NextAttemptAt - before).TotalSeconds, 6, 30);
        Assert.Equal(0, await Outbox.SendDueAsync());

        await MakeDueAsync();
        await Outbox.SendDueAsync();
        var (_, afterServerError) = await StateAsync(reply.Id);
        Assert.Equal((OutboxState.Pending, 2), (afterServerError.State, afterServerError.Attempts));
        Assert.Contains("503", afterServerError.LastError);

        await MakeDueAsync();
        await Outbox.SendDueAsync();
        var (message, done) = await StateAsync(reply.Id);
        Assert.Equal((DeliveryStatus.Sent, OutboxState.Done, 3), (message.DeliveryStatus, done.State, done.Attempts));
        Assert.Single(Gmail.Sent);
    }

    [Fact]
    public async Task APermanentError_FailsTheMessageWithTheReason_AndRetryPutsItBack()
    {
        Gmail.SendFailures.Enqueue((400, null));
        var reply = await ReplyAsync("Doomed, at first");

        await Outbox.SendDueAsync();
        var (failed, _) = await StateAsync(reply.Id);
        Assert.Equal(DeliveryStatus.Failed, failed.DeliveryStatus);
        Assert.Contains("400", failed.DeliveryError);

        Assert.True(await Outbox.RetryAsync(reply.Id));
        await Outbox.SendDueAsync();
        var (sent, _) = await StateAsync(reply.Id);
        Assert.Equal(DeliveryStatus.Sent, sent.DeliveryStatus);
    }

    [Fact]
    public async Task CcBccTheSignatureAndAttachedFiles_AreInTheSentMime()
    {
        await using (var db = await Factory.CreateDbAsync())
        {
            var channel = await db.Channels.SingleAsync(c => c.Id == channelId);
            new GmailChannelSettings { Signature = "Acme Support\nMon-Fri 9-17" }.WriteTo(channel);
            await db.SaveChangesAsync();
        }
        var pdf = "%PDF-1.4\n% a tiny invoice\n%%EOF\n"u8.ToArray();
        var staged = await Factory.Services.GetRequiredService<CommHub.Core.Attachments.AttachmentService>().StageAsync(new MemoryStream(pdf), "invoice.pdf", pdf.Length);
        Assert.True(staged.Succeeded, staged.ErrorText);

        var result = await Factory.Services.GetRequiredService<ConversationService>().ReplyAsync(conversationId, agentId, "The invoice is attached.",
            files: [staged.Value!], copies: new EmailCopies("boss@example.com; Team <team@example.com>", "audit@example.com"));
        Assert.True(result.Succeeded, result.ErrorText);
        await Outbox.SendDueAsync();

        var (raw, _) = Assert.Single(Gmail.Sent);
        var mime = MimeKit.MimeMessage.Load(new MemoryStream(System.Text.Encoding.Latin1.GetBytes(raw)));
        Assert.Equal(["boss@example.com", "team@example.com"], mime.Cc.Mailboxes.Select(m => m.Address));
        Assert.Equal(["audit@example.com"], mime.Bcc.Mailboxes.Select(m => m.Address));
        Assert.Equal("The invoice is attached.\n\nAcme Support\nMon-Fri 9-17", mime.TextBody!.ReplaceLineEndings("\n").TrimEnd());
        Assert.Contains("Acme Support", mime.HtmlBody);
        var attachment = Assert.IsType<MimeKit.MimePart>(Assert.Single(mime.Attachments));
        Assert.Equal(("invoice.pdf", "application/pdf"), (attachment.FileName, attachment.ContentType.MimeType));
        using var content = new MemoryStream();
        await attachment.Content!.DecodeToAsync(content);
        Assert.Equal(pdf, content.ToArray());
        Assert.Equal("a1@example.com", mime.InReplyTo);
    }

    [Fact]
    public async Task AStaffPhoto_LeavesAsTheCleanedCopy_WithoutExifOrGps()
    {
        var jpeg = TestImages.Jpeg(400, 300, withGps: true);
        var staged = await Factory.Services.GetRequiredService<CommHub.Core.Attachments.AttachmentService>().StageAsync(new MemoryStream(jpeg), "site.jpg", jpeg.Length);
        Assert.True(staged.Succeeded, staged.ErrorText);
        Assert.True((await Factory.Services.GetRequiredService<ConversationService>().ReplyAsync(conversationId, agentId, "The photo from the site.", files: [staged.Value!])).Succeeded);

        // The cleaned copy is not made yet: the send waits for it rather than sending the original.
        await Outbox.SendDueAsync();
        Assert.Empty(Gmail.Sent);
        var processing = Factory.Services.GetRequiredService<CommHub.Core.Attachments.AttachmentProcessingService>();
        await using (var db = await Factory.CreateDbAsync())
            foreach (var id in await db.Attachments.Where(a => a.Message!.ConversationId == conversationId).Select(a => a.Id).ToListAsync())
                await processing.ProcessAsync(id);
        await MakeDueAsync();
        await Outbox.SendDueAsync();

        var (raw, _) = Assert.Single(Gmail.Sent);
        var mime = MimeKit.MimeMessage.Load(new MemoryStream(System.Text.Encoding.Latin1.GetBytes(raw)));
        var attachment = Assert.IsType<MimeKit.MimePart>(Assert.Single(mime.Attachments));
        Assert.StartsWith("image/", attachment.ContentType.MimeType);
        using var content = new MemoryStream();
        await attachment.Content!.DecodeToAsync(content);
        Assert.True(TestImages.HasExif(jpeg), "the staff photo should carry EXIF with GPS");
        Assert.False(TestImages.HasExif(content.ToArray()), "the photo the recipient gets must carry no EXIF (and so no GPS)");
    }

    [Fact]
    public async Task ABadCcAddress_IsRefusedWithTheReason_AndNothingIsStoredOrSent()
    {
        var service = Factory.Services.GetRequiredService<ConversationService>();

        var badCc = await service.ReplyAsync(conversationId, agentId, "Hello", copies: new EmailCopies("boss@example.com, not an address", null));
        var noteWithCc = await service.ReplyAsync(conversationId, agentId, "Internal", privateNote: true, copies: new EmailCopies(null, "audit@example.com"));

        Assert.Equal("“not an address” in Cc is not an email address (like name@example.com).", badCc.ErrorText);
        Assert.Equal("A private note is not sent, so it has no Cc or Bcc.", noteWithCc.ErrorText);
        await using var db = await Factory.CreateDbAsync();
        Assert.False(await db.Messages.AnyAsync(m => m.ConversationId == conversationId && m.Direction == MessageDirection.Outbound));
        Assert.Empty(Gmail.Sent);
    }

    /// <summary>A mail from <paramref name="raw"/> in its own Gmail thread, synced; its conversation's id.</summary>
    private async Task<int> ReceiveAsync(string raw, string threadId)
    {
        Gmail.Deliver(raw, threadId: threadId);
        await Factory.Services.GetRequiredService<GmailSyncService>().SyncAsync(channelId);
        await using var db = await Factory.CreateDbAsync();
        return await db.Conversations.Where(c => c.ChannelId == channelId && c.ExternalThreadKey == threadId).Select(c => c.Id).SingleAsync();
    }

    private async Task<MimeKit.MimeMessage> ReplyAndSendAsync(int conversation, string text)
    {
        var before = Gmail.Sent.Count;
        Assert.True((await Factory.Services.GetRequiredService<ConversationService>().ReplyAsync(conversation, agentId, text)).Succeeded);
        await Outbox.SendDueAsync();
        Assert.Equal(before + 1, Gmail.Sent.Count);
        return MimeKit.MimeMessage.Load(new MemoryStream(System.Text.Encoding.Latin1.GetBytes(Gmail.Sent.Last().Raw)));
    }

    [Fact]
    public async Task AMailWithReplyTo_IsAnsweredToItsReplyToAddresses_NotFrom()
    {
        var conversation = await ReceiveAsync(
            "From: Ann <ann@example.com>\r\nReply-To: Ann's desk <tickets@ann.example>, boss@ann.example\r\nTo: support@acme.example\r\n" +
            "Subject: Where to answer\r\nMessage-ID: <rt1@example.com>\r\n\r\nPlease answer the desk\r\n", "thread-reply-to");

        var sent = await ReplyAndSendAsync(conversation, "Answered where you asked.");

        Assert.Equal(["tickets@ann.example", "boss@ann.example"], sent.To.Mailboxes.Select(m => m.Address));
        Assert.DoesNotContain(sent.To.Mailboxes.Concat(sent.Cc.Mailboxes), m => m.Address == "ann@example.com");
        // The contact is still the From: the mail is Ann's.
        await using var db = await Factory.CreateDbAsync();
        Assert.Equal("ann@example.com", await db.Conversations.Where(c => c.Id == conversation).Select(c => c.Contact!.Email).SingleAsync());
    }

    [Fact]
    public async Task AReplyToAMailFromOutside_CarriesItsWholeReferencesChain_AndItsOwnSubjectWithOneRe()
    {
        const string subject = "Quarterly numbers for the board meeting next week, and the questions the auditors sent us on Friday";
        var conversation = await ReceiveAsync(
            "From: Ann <ann@example.com>\r\nTo: support@acme.example\r\n" +
            $"Subject: RE: Re: {subject}\r\nMessage-ID: <m3@example.com>\r\n" +
            "References: <r1@example.com> <r2@example.com>\r\nIn-Reply-To: <r2@example.com>\r\n\r\nSee below\r\n", "thread-chain");

        var first = await ReplyAndSendAsync(conversation, "Thanks, looking into it.");

        Assert.Equal(["r1@example.com", "r2@example.com", "m3@example.com"], first.References);
        Assert.Equal("m3@example.com", first.InReplyTo);
        Assert.Equal($"Re: {subject}", first.Subject);

        // A second reply goes on from the first: the whole chain, our first reply last.
        var second = await ReplyAndSendAsync(conversation, "And here are the numbers.");
        Assert.Equal(["r1@example.com", "r2@example.com", "m3@example.com", first.MessageId!], second.References);
        Assert.Equal(first.MessageId, second.InReplyTo);
        Assert.Equal($"Re: {subject}", second.Subject);
    }
}
