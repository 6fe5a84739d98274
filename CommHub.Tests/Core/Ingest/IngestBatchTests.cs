using CommHub.Core.Channels;
using CommHub.Core.Contacts;
using CommHub.Core.Ingest;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Core.Ingest;

/// <summary>A page of messages stored at once: the same outcomes as one at a time, in order.</summary>
public sealed class IngestBatchTests(CommHubFactory factory) : IngestBatchTestsBase<CommHubFactory>(factory);

public sealed class IngestBatchTestsOnPostgres(PostgresFactory factory) : IngestBatchTestsBase<PostgresFactory>(factory);

public abstract class IngestBatchTestsBase<TFactory>(TFactory factory) : IClassFixture<TFactory> where TFactory : CommHubFactory
{
    private static readonly DateTime At = new(2026, 6, 1, 10, 0, 0, DateTimeKind.Utc);

    private IngestService Ingest => factory.Services.GetRequiredService<IngestService>();

    private static InboundMessage Message(int channel, string id, string thread, string userId, string text = "hi", InboundSender? group = null) =>
        new(channel, id, thread, null, new InboundSender(IdentityKind.Telegram, userId, $"User {userId}"), text, At, Chat: group, Labels: ["#Batch", "not a label!"]);

    [Fact]
    public async Task ABatch_StoresEachMessageOnce_JoinsThreadsWithinIt_AndAnswersInOrder()
    {
        int channel;
        await using (var db = await factory.CreateDbAsync())
        {
            var c = new Channel { Kind = ChannelKind.Telegram, Name = "batch bot" };
            db.Channels.Add(c);
            await db.SaveChangesAsync();
            channel = c.Id;
        }
        var earlier = await Ingest.IngestAsync(Message(channel, "9:1", "9", "9"));
        var group = new InboundSender(IdentityKind.Telegram, "-77", "The group");

        var results = await Ingest.IngestBatchAsync([
            Message(channel, "9:1", "9", "9"),
            Message(channel, "-77:1", "-77", "10", group: group),
            Message(channel, "-77:2", "-77", "11", group: group),
            Message(channel, "-77:1", "-77", "10", group: group),
            Message(channel, "9:2", "9", "9"),
        ]);

        Assert.Equal(
            [IngestOutcome.Duplicate, IngestOutcome.Stored, IngestOutcome.Stored, IngestOutcome.Duplicate, IngestOutcome.Stored],
            results.Select(r => r.Outcome));
        Assert.Equal([false, true, false, false, false], results.Select(r => r.NewConversation));
        Assert.Equal(results[1].ConversationId, results[2].ConversationId);
        Assert.Equal((earlier.ConversationId, earlier.MessageId), (results[0].ConversationId, results[0].MessageId));
        Assert.Equal(earlier.ConversationId, results[4].ConversationId);
        Assert.Equal(results[1].MessageId, results[3].MessageId);

        await using var check = await factory.CreateDbAsync();
        Assert.Equal(4, await check.Messages.CountAsync(m => m.ChannelId == channel));
        var groupConversation = await check.Conversations.Include(c => c.Contact).Include(c => c.Labels).SingleAsync(c => c.Id == results[1].ConversationId);
        Assert.Equal(("The group", 2), (groupConversation.Contact!.Name, groupConversation.AgentUnreadCount));
        Assert.Equal(["batch"], groupConversation.Labels.Select(l => l.Name));
    }
}
