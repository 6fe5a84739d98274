using CommHub.Core.Attachments;
using CommHub.Core.Channels;
using CommHub.Core.Contacts;
using CommHub.Core.Conversations;
using CommHub.Core.Ingest;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Core.Ingest;

public sealed class IngestServiceTests(CommHubFactory factory) : IngestServiceTestsBase<CommHubFactory>(factory);

public sealed class IngestServiceTestsOnPostgres(PostgresFactory factory) : IngestServiceTestsBase<PostgresFactory>(factory);

public abstract class IngestServiceTestsBase<TFactory>(TFactory factory) : IClassFixture<TFactory> where TFactory : CommHubFactory
{
    private static readonly DateTime At = new(2026, 6, 1, 10, 0, 0, DateTimeKind.Utc);

    private IngestService Ingest => factory.Services.GetRequiredService<IngestService>();

    private async Task<int> ChannelAsync(ChannelKind kind = ChannelKind.Telegram)
    {
        await using var db = await factory.CreateDbAsync();
        var channel = new Channel { Kind = kind, Name = $"{kind} {Guid.NewGuid():N}" };
        db.Channels.Add(channel);
        await db.SaveChangesAsync();
        return channel.Id;
    }

    private static InboundMessage Message(int channel, string id, string thread = "chat-1", string text = "hello", string userId = "1001", string name = "Tom Telegram") =>
        new(channel, id, thread, "Support chat", new InboundSender(IdentityKind.Telegram, userId, name, "@tom"), text, At);

    [Fact]
    public async Task FirstMessage_CreatesTheContactAndANewUnreadConversation()
    {
        var channel = await ChannelAsync();

        var result = await Ingest.IngestAsync(Message(channel, "chat-1:1", userId: "2001"));

        Assert.Equal((IngestOutcome.Stored, true, false), (result.Outcome, result.NewConversation, result.Reopened));
        await using var db = await factory.CreateDbAsync();
        var conversation = await db.Conversations.Include(c => c.Contact).ThenInclude(c => c!.Identities).SingleAsync(c => c.Id == result.ConversationId);
        Assert.Equal(("Support chat", ConversationStatus.New, 1, "chat-1"), (conversation.Subject, conversation.Status, conversation.AgentUnreadCount, conversation.ExternalThreadKey));
        Assert.Equal(("Tom Telegram", "@tom"), (conversation.Contact!.Name, conversation.Contact.Identities.Single().DisplayHandle));
    }

    [Fact]
    public async Task TheSameMessageDeliveredTwice_IsStoredOnce()
    {
        var channel = await ChannelAsync();

        var first = await Ingest.IngestAsync(Message(channel, "chat-1:7", userId: "3001"));
        var again = await Ingest.IngestAsync(Message(channel, "chat-1:7", userId: "3001"));

        Assert.Equal(IngestOutcome.Duplicate, again.Outcome);
        Assert.Equal(first.MessageId, again.MessageId);
        await using var db = await factory.CreateDbAsync();
        Assert.Equal(1, await db.Messages.CountAsync(m => m.ChannelId == channel));
    }

    [Fact]
    public async Task TenDeliveriesAtOnce_StoreOneMessage()
    {
        var channel = await ChannelAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => Ingest.IngestAsync(Message(channel, "chat-9:1", "chat-9", userId: "4001")))));

        Assert.Single(results, r => r.Outcome == IngestOutcome.Stored);
        Assert.Single(results.Select(r => r.MessageId).Distinct());
        await using var db = await factory.CreateDbAsync();
        Assert.Equal(1, await db.Messages.CountAsync(m => m.ChannelId == channel));
        Assert.Equal(1, await db.Conversations.CountAsync(c => c.ChannelId == channel));
    }

    [Fact]
    public async Task MessagesOfOneThread_ShareAConversation_AndEverySenderIsAContact()
    {
        var channel = await ChannelAsync();

        var a = await Ingest.IngestAsync(Message(channel, "group:1", "group", userId: "5001", name: "Ann"));
        var b = await Ingest.IngestAsync(Message(channel, "group:2", "group", userId: "5002", name: "Bob"));

        Assert.Equal(a.ConversationId, b.ConversationId);
        await using var db = await factory.CreateDbAsync();
        Assert.Equal(2, await db.ContactIdentities.CountAsync(i => i.Value == "5001" || i.Value == "5002"));
        Assert.Equal(2, (await db.Conversations.SingleAsync(c => c.Id == a.ConversationId)).AgentUnreadCount);
    }

    [Fact]
    public async Task ASenderWhoRenamedThemselves_IsTheSameContact_UnderTheNewNameAndHandle()
    {
        var channel = await ChannelAsync();
        var first = await Ingest.IngestAsync(Message(channel, "chat-9:1", "chat-9", userId: "5501", name: "Tom"));

        var renamed = new InboundMessage(channel, "chat-9:2", "chat-9", null, new InboundSender(IdentityKind.Telegram, "5501", "Thomas", "@thomas"), "hi again", At);
        // Twice in one batch, as a page of updates may carry it: one contact, renamed once.
        var batch = await Ingest.IngestBatchAsync([renamed, renamed with { ExternalId = "chat-9:3" }]);

        Assert.All(batch, r => Assert.Equal(first.ConversationId, r.ConversationId));
        await using var db = await factory.CreateDbAsync();
        var identity = await db.ContactIdentities.Include(i => i.Contact).SingleAsync(i => i.Kind == IdentityKind.Telegram && i.Value == "5501");
        Assert.Equal(("Thomas", "@thomas"), (identity.Contact!.Name, identity.DisplayHandle));
        Assert.Equal(3, (await db.Conversations.SingleAsync(c => c.Id == first.ConversationId)).AgentUnreadCount);
        Assert.Equal(identity.ContactId, (await db.Messages.SingleAsync(m => m.ChannelId == channel && m.ExternalId == "chat-9:3")).SenderContactId);
    }

    [Fact]
    public async Task AResolvedThreadReopens_AClosedOneStartsAfresh()
    {
        var channel = await ChannelAsync();
        var conversations = factory.Services.GetRequiredService<ConversationService>();
        var first = await Ingest.IngestAsync(Message(channel, "t:1", "t", userId: "6001"));
        await conversations.SetStatusAsync(first.ConversationId, ConversationStatus.Resolved);

        var reopened = await Ingest.IngestAsync(Message(channel, "t:2", "t", userId: "6001"));
        await conversations.SetStatusAsync(first.ConversationId, ConversationStatus.Closed);
        var fresh = await Ingest.IngestAsync(Message(channel, "t:3", "t", userId: "6001"));

        Assert.Equal((first.ConversationId, true), (reopened.ConversationId, reopened.Reopened));
        Assert.NotEqual(first.ConversationId, fresh.ConversationId);
        Assert.True(fresh.NewConversation);
    }

    [Fact]
    public async Task AReplyToAKnownMessageId_JoinsItsConversation()
    {
        var channel = await ChannelAsync(ChannelKind.Gmail);
        var sender = new InboundSender(IdentityKind.Email, "Mia@Example.com", "Mia");
        var original = await Ingest.IngestAsync(new InboundMessage(channel, "g1", "thread-a", "Broken invoice", sender, "hi", At, InternetMessageId: "<a@example.com>"));

        var answer = await Ingest.IngestAsync(new InboundMessage(channel, "g2", "thread-b", "Re: Broken invoice", sender, "more", At.AddMinutes(5),
            References: ["<a@example.com>"]));

        Assert.Equal(original.ConversationId, answer.ConversationId);
        await using var db = await factory.CreateDbAsync();
        Assert.Equal("mia@example.com", (await db.ContactIdentities.SingleAsync(i => i.Kind == IdentityKind.Email && i.Value == "mia@example.com")).Value);
    }

    [Fact]
    public async Task FilesThatCannotComeIn_AreNamedOnTheMessage_WhichIsStillStored()
    {
        var channel = await ChannelAsync();
        var files = new List<InboundFile>
        {
            new("notes.txt", _ => Task.FromResult<Stream>(new MemoryStream("fine"u8.ToArray())), 4),
            new("virus.jpg", _ => Task.FromResult<Stream>(new MemoryStream("MZ\x90\x00 evil"u8.ToArray())), 10),
            new("movie.mp4", null, 60_000_000, "Too large to fetch: Telegram bots can download files up to 20 MB."),
        };

        var result = await Ingest.IngestAsync(Message(channel, "files:1", "files", userId: "7001") with { Files = files });

        await using var db = await factory.CreateDbAsync();
        var stored = await db.Attachments.Where(a => a.MessageId == result.MessageId).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(["notes.txt", "virus.jpg", "movie.mp4"], stored.Select(a => a.FileName));
        Assert.Equal([AttachmentState.Ready, AttachmentState.Unavailable, AttachmentState.Unavailable], stored.Select(a => a.State));
        Assert.Equal("“virus.jpg” is a program; programs cannot be attached.", stored[1].Error);
        Assert.StartsWith("Too large to fetch", stored[2].Error);
    }

    [Fact]
    public async Task AnEdit_ChangesTheStoredTextAndMarksItEdited()
    {
        var channel = await ChannelAsync();
        var stored = await Ingest.IngestAsync(Message(channel, "e:1", "e", text: "helo", userId: "8001"));

        Assert.True(await Ingest.ApplyEditAsync(channel, "e:1", "hello", At.AddMinutes(1)));
        Assert.False(await Ingest.ApplyEditAsync(channel, "e:404", "nothing", At));

        await using var db = await factory.CreateDbAsync();
        var message = await db.Messages.SingleAsync(m => m.Id == stored.MessageId);
        Assert.Equal(("hello", At.AddMinutes(1)), (message.Text, message.EditedAt));
    }
}
