using CommHub.Core.Channels;
using CommHub.Core.Conversations;
using CommHub.Infrastructure.Gmail;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Infrastructure.Gmail;

public sealed class GmailSyncTests : FakeGmailTest
{

    private GmailSyncService Sync => Factory.Services.GetRequiredService<GmailSyncService>();

    private Task<int> ConnectedChannelAsync() => Gmail.ConnectChannelAsync(Factory);

    private static string Mail(string from, string subject, string body, string messageId, string? inReplyTo = null) =>
        $"From: {from}\r\nTo: support@acme.example\r\nSubject: {subject}\r\nMessage-ID: <{messageId}>\r\n"
        + (inReplyTo is null ? "" : $"In-Reply-To: <{inReplyTo}>\r\nReferences: <{inReplyTo}>\r\n")
        + $"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n";

    private async Task<List<string>> TextsAsync(int channel)
    {
        await using var db = await Factory.CreateDbAsync();
        return await db.Messages.Where(m => m.ChannelId == channel).OrderBy(m => m.Id).Select(m => m.Text).ToListAsync();
    }

    private async Task<Channel> ChannelAsync(int id)
    {
        await using var db = await Factory.CreateDbAsync();
        return await db.Channels.SingleAsync(c => c.Id == id);
    }

    [Fact]
    public async Task AMailsCc_IsStored_AndShownToStaffWithTheMessage()
    {
        Gmail.Deliver("From: ann@example.com\r\nTo: support@acme.example\r\nCc: boss@example.com\r\nSubject: Copies\r\nMessage-ID: <cc1@example.com>\r\n\r\nWith my boss in copy\r\n");
        var channel = await ConnectedChannelAsync();

        await Sync.SyncAsync(channel);

        await using var db = await Factory.CreateDbAsync();
        var stored = await db.Messages.SingleAsync(m => m.ChannelId == channel);
        Assert.Equal("boss@example.com", stored.EmailCc);
        var thread = await Factory.Services.GetRequiredService<CommHub.Core.Conversations.ConversationService>().GetThreadAsync(stored.ConversationId);
        Assert.Equal("boss@example.com", Assert.Single(thread!.Messages).EmailCc);
    }

    [Fact]
    public async Task FirstSync_ThenIncremental_StoresEachMailOnce_InOrder()
    {
        Gmail.Deliver(Mail("ann@example.com", "Printer", "It is broken", "a1@example.com"));
        Gmail.Deliver(Mail("bob@example.com", "Login", "Cannot log in", "b1@example.com"));
        Gmail.Deliver(Mail("support@acme.example", "Re: Printer", "We sent this", "s1@acme.example"), labels: ["SENT"]);
        var channel = await ConnectedChannelAsync();

        var first = await Sync.SyncAsync(channel);
        var again = await Sync.SyncAsync(channel);
        Gmail.Deliver(Mail("ann@example.com", "Re: Printer", "Still broken", "a2@example.com", inReplyTo: "a1@example.com"), threadId: "t-other");
        var incremental = await Sync.SyncAsync(channel);

        Assert.Equal((GmailSyncOutcome.Synced, 2), (first.Outcome, first.Stored));
        Assert.Equal(0, again.Stored);
        Assert.Equal(1, incremental.Stored);
        Assert.Equal(["It is broken", "Cannot log in", "Still broken"], await TextsAsync(channel));
        Assert.Contains("history.list", Gmail.Calls);
        await using var db = await Factory.CreateDbAsync();
        var printer = await db.Conversations.Include(c => c.Messages).SingleAsync(c => c.ChannelId == channel && c.Subject == "Printer");
        Assert.Equal(2, printer.Messages.Count);
    }

    [Fact]
    public async Task AnExpiredHistoryId_FallsBackToAFullResync_WithoutDuplicates()
    {
        Gmail.Deliver(Mail("cat@example.com", "One", "first", "c1@example.com"));
        var channel = await ConnectedChannelAsync();
        await Sync.SyncAsync(channel);
        Gmail.Deliver(Mail("cat@example.com", "Two", "second", "c2@example.com"));
        Gmail.OldestHistoryId = long.MaxValue;

        var result = await Sync.SyncAsync(channel);

        Assert.Equal((GmailSyncOutcome.Synced, 1), (result.Outcome, result.Stored));
        Assert.Equal(["first", "second"], await TextsAsync(channel));
        Assert.Contains("messages.list", Gmail.Calls.Skip(3));
    }

    [Fact]
    public async Task ARevokedGrant_DisconnectsTheChannel_AndReconnectingCarriesOnFromTheStoredHistory()
    {
        Gmail.Deliver(Mail("dan@example.com", "Hello", "before", "d1@example.com"));
        var channel = await ConnectedChannelAsync();
        await Sync.SyncAsync(channel);
        var cursor = (await ChannelAsync(channel)).SyncCursor;
        Factory.Services.GetRequiredService<GmailTokenService>().Forget(channel);
        Gmail.Revoked = true;
        Gmail.Deliver(Mail("dan@example.com", "Hello again", "while disconnected", "d2@example.com"));

        var revoked = await Sync.SyncAsync(channel);
        var paused = await Sync.SyncAsync(channel);

        Assert.Equal(GmailSyncOutcome.Disconnected, revoked.Outcome);
        Assert.Equal(GmailSyncOutcome.Skipped, paused.Outcome);
        var disconnected = await ChannelAsync(channel);
        Assert.Equal(ChannelStatus.Disconnected, disconnected.Status);
        Assert.Equal("Disconnected — reconnect: Token has been expired or revoked.", disconnected.LastError);
        Assert.Equal(cursor, disconnected.SyncCursor);

        // Reconnecting (a new grant) and the next sync bring in what arrived meanwhile.
        Gmail.Revoked = false;
        await using (var db = await Factory.CreateDbAsync())
        {
            await db.Channels.Where(c => c.Id == channel).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ChannelStatus.Active));
        }
        var resumed = await Sync.SyncAsync(channel);

        Assert.Equal((GmailSyncOutcome.Synced, 1), (resumed.Outcome, resumed.Stored));
        Assert.Equal(["before", "while disconnected"], await TextsAsync(channel));
    }

    [Fact]
    public async Task AnAutoReply_NeverTriggersAnAutoResponse_SoNoMailLoop()
    {
        var rules = Factory.Services.GetRequiredService<CommHub.Core.Rules.RuleService>();
        var saved = await rules.SaveAsync(new CommHub.Core.Rules.RuleDraft(0, "Note every mail", true, 1, false,
            CommHub.Core.Rules.RuleTrigger.NewConversation, null, CommHub.Core.Rules.RuleMatchMode.All, [],
            [new CommHub.Core.Rules.RuleAction { Kind = CommHub.Core.Rules.RuleActionKind.AddPrivateNote, Text = "Seen by the rule" }], 0));
        Assert.True(saved.Succeeded, saved.ErrorText);
        Gmail.Deliver("From: away@example.com\r\nAuto-Submitted: auto-replied\r\nSubject: Out of office\r\nMessage-ID: <ooo@example.com>\r\n\r\nI am away.\r\n");
        Gmail.Deliver(Mail("person@example.com", "Real question", "Hello?", "p1@example.com"));
        var channel = await ConnectedChannelAsync();

        await Sync.SyncAsync(channel);

        await using var db = await Factory.CreateDbAsync();
        var notes = await db.Messages.Where(m => m.ChannelId == channel && m.IsPrivateNote).Select(m => m.Conversation!.Subject).ToListAsync();
        Assert.Equal(["Real question"], notes);
        Assert.True(await db.Messages.AnyAsync(m => m.ChannelId == channel && m.IsAutoGenerated && m.Text == "I am away."));
    }

    [Fact]
    public async Task AnUnreadableMail_IsStoredSayingSo_AndDoesNotStallTheOthers()
    {
        Gmail.Deliver("this is not a mime message at all");
        Gmail.Deliver(Mail("eve@example.com", "Fine", "readable", "e1@example.com"));
        var channel = await ConnectedChannelAsync();

        var result = await Sync.SyncAsync(channel);

        Assert.Equal(2, result.Stored);
        var texts = await TextsAsync(channel);
        Assert.Contains("readable", texts);
    }
}
