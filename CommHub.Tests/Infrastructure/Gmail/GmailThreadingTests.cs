using CommHub.Core.Channels;
using CommHub.Core.Conversations;
using CommHub.Infrastructure.Gmail;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Infrastructure.Gmail;

/// <summary>Which conversation a mail joins: Gmail thread, then references, then (per mailbox) subject and sender.</summary>
public sealed class GmailThreadingTests : FakeGmailTest
{
    private int channel;

    public override async Task InitializeAsync() => channel = await Gmail.ConnectChannelAsync(Factory);

    private static string Mail(string from, string subject, string body, string messageId, DateTimeOffset? date = null, string? to = null, string? inReplyTo = null, string? extra = null) =>
        $"From: {from}\r\nTo: {to ?? "support@acme.example"}\r\nSubject: {subject}\r\nMessage-ID: <{messageId}>\r\n"
        + $"Date: {(date ?? DateTimeOffset.UtcNow).ToString("r", System.Globalization.CultureInfo.InvariantCulture)}\r\n"
        + (inReplyTo is null ? "" : $"In-Reply-To: <{inReplyTo}>\r\nReferences: <{inReplyTo}>\r\n")
        + (extra ?? "")
        + $"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n";

    private async Task SyncAsync() =>
        Assert.Equal(GmailSyncOutcome.Synced, (await Factory.Services.GetRequiredService<GmailSyncService>().SyncAsync(channel)).Outcome);

    private async Task SetAsync(GmailChannelSettings settings)
    {
        await using var db = await Factory.CreateDbAsync();
        var row = await db.Channels.SingleAsync(c => c.Id == channel);
        settings.WriteTo(row);
        await db.SaveChangesAsync();
    }

    /// <summary>Each conversation of the mailbox as "subject: text | text", in order.</summary>
    private async Task<List<string>> ConversationsAsync()
    {
        await using var db = await Factory.CreateDbAsync();
        var rows = await db.Conversations.Where(c => c.ChannelId == channel).OrderBy(c => c.Id)
            .Select(c => new { c.Subject, Texts = c.Messages.OrderBy(m => m.Id).Select(m => m.Text).ToList() }).ToListAsync();
        return rows.Select(r => $"{r.Subject}: {string.Join(" | ", r.Texts)}").ToList();
    }

    [Fact]
    public async Task TheSameSubject_FromTheSameSender_WithinTheWindow_JoinsTheConversation()
    {
        Gmail.Deliver(Mail("Ann <ann@example.com>", "Printer broken", "first", "a1@example.com"), threadId: "t-a");
        await SyncAsync();
        // Another Gmail thread, no references (a new mail typed with the same subject): joined by subject.
        Gmail.Deliver(Mail("Ann <ann@example.com>", "AW:  printer   BROKEN", "second", "a2@example.com"), threadId: "t-b");
        await SyncAsync();

        Assert.Equal(["Printer broken: first | second"], await ConversationsAsync());
    }

    [Fact]
    public async Task TwoSenders_WithTheSameSubject_NeverMerge()
    {
        // Ann's is the newer "Invoice" conversation: the one a subject-only match would pick for Bob's reply.
        Gmail.Deliver(Mail("Bob <bob@example.com>", "Invoice", "bob's", "b1@example.com", DateTimeOffset.UtcNow.AddHours(-2)), threadId: "t-bob");
        Gmail.Deliver(Mail("Ann <ann@example.com>", "Invoice", "ann's", "a1@example.com", DateTimeOffset.UtcNow.AddHours(-1)), threadId: "t-ann");
        await SyncAsync();
        Gmail.Deliver(Mail("Bob <bob@example.com>", "Re: Invoice", "bob again", "b2@example.com"), threadId: "t-bob-2");
        await SyncAsync();

        Assert.Equal(["Invoice: bob's | bob again", "Invoice: ann's"], await ConversationsAsync());
    }

    [Fact]
    public async Task OutsideTheWindow_OrWithSubjectThreadingOff_ANewConversationStarts()
    {
        await SetAsync(new GmailChannelSettings { SubjectThreadingDays = 2 });
        Gmail.Deliver(Mail("Cat <cat@example.com>", "Login", "last week", "c1@example.com", DateTimeOffset.UtcNow.AddDays(-5)), threadId: "t-1",
            internalDate: DateTimeOffset.UtcNow.AddDays(-5));
        await SyncAsync();
        Gmail.Deliver(Mail("Cat <cat@example.com>", "Login", "today", "c2@example.com"), threadId: "t-2");
        await SyncAsync();
        await SetAsync(new GmailChannelSettings { SubjectThreading = false });
        Gmail.Deliver(Mail("Cat <cat@example.com>", "Re: Login", "threading off", "c3@example.com"), threadId: "t-3");
        await SyncAsync();

        Assert.Equal(["Login: last week", "Login: today", "Re: Login: threading off"], await ConversationsAsync());
    }

    [Fact]
    public async Task AMailDatedLongBeforeTheConversation_DoesNotJoinItBySubject()
    {
        await SetAsync(new GmailChannelSettings { SubjectThreadingDays = 2 });
        Gmail.Deliver(Mail("Dan <dan@example.com>", "Refund", "today", "d1@example.com"), threadId: "t-1");
        await SyncAsync();
        // Arrived now but dated a month ago (held in an outbox, or back-dated): outside the window on the other side.
        Gmail.Deliver(Mail("Dan <dan@example.com>", "Refund", "a month old", "d2@example.com", DateTimeOffset.UtcNow.AddDays(-30)), threadId: "t-2",
            internalDate: DateTimeOffset.UtcNow.AddDays(-30));
        await SyncAsync();

        Assert.Equal(["Refund: today", "Refund: a month old"], await ConversationsAsync());
    }

    [Fact]
    public async Task AStaffReplyFromAnotherMailClient_IsAnOutboundMessageInTheSameThread()
    {
        Gmail.Deliver(Mail("Ann <ann@example.com>", "Printer", "It is broken", "a1@example.com"), threadId: "t-printer");
        await SyncAsync();
        Gmail.Deliver(Mail("Sam Staff <support@acme.example>", "Re: Printer", "Sent from my phone: try a restart", "s1@acme.example",
            to: "Ann <ann@example.com>", inReplyTo: "a1@example.com"), threadId: "t-printer", labels: ["SENT"]);
        // Sent by the app itself but not recorded yet (the send and the sync crossed): not a second copy.
        Gmail.Deliver(Mail("support@acme.example", "Re: Printer", "from the app", "app1@acme.example", to: "ann@example.com",
            extra: $"{GmailSender.OwnHeader}: 12345\r\n"), threadId: "t-printer", labels: ["SENT"]);
        Gmail.Deliver(Mail("Ann <ann@example.com>", "Re: Printer", "Restart worked", "a2@example.com", inReplyTo: "s1@acme.example"), threadId: "t-printer");
        await SyncAsync();

        Assert.Equal(["Printer: It is broken | Sent from my phone: try a restart | Restart worked"], await ConversationsAsync());
        await using var db = await Factory.CreateDbAsync();
        var staff = await db.Messages.Include(m => m.Conversation!).ThenInclude(c => c.Contact).SingleAsync(m => m.Text.StartsWith("Sent from my phone"));
        Assert.Equal((MessageDirection.Outbound, SenderKind.Agent, "Sam Staff", DeliveryStatus.Sent, "<s1@acme.example>"),
            (staff.Direction, staff.SenderKind, staff.SenderName, staff.DeliveryStatus, staff.InternetMessageId));
        Assert.Equal("Ann", staff.Conversation!.Contact!.Name);
    }
}
