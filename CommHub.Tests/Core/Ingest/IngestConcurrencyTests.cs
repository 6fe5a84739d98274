using CommHub.Core.Channels;
using CommHub.Core.Contacts;
using CommHub.Core.Ingest;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Core.Ingest;

public sealed class IngestConcurrencyTests(CommHubFactory factory) : IngestConcurrencyTestsBase<CommHubFactory>(factory);

public sealed class IngestConcurrencyTestsOnPostgres(PostgresFactory factory) : IngestConcurrencyTestsBase<PostgresFactory>(factory);

/// <summary>
/// Different messages that race each other (several workers, several hosts): each is stored, and what they share (a new
/// sender, a new thread, a new label) is made once. SQLite runs one writer at a time; a server database runs them together.
/// </summary>
public abstract class IngestConcurrencyTestsBase<TFactory>(TFactory factory) : IClassFixture<TFactory> where TFactory : CommHubFactory
{
    private static readonly DateTime At = new(2026, 6, 1, 10, 0, 0, DateTimeKind.Utc);

    private IngestService Ingest => factory.Services.GetRequiredService<IngestService>();

    [Fact]
    public async Task TenNewMessagesAtOnce_FromOneNewSenderInOneNewThread_MakeOneContactOneConversationOneLabel()
    {
        int channel;
        await using (var db = await factory.CreateDbAsync())
        {
            var c = new Channel { Kind = ChannelKind.Telegram, Name = $"race bot {Guid.NewGuid():N}" };
            db.Channels.Add(c);
            await db.SaveChangesAsync();
            channel = c.Id;
        }
        var sender = new InboundSender(IdentityKind.Telegram, "race-" + Guid.NewGuid().ToString("N"), "Rae Racer");
        var label = "race" + Guid.NewGuid().ToString("N")[..8];

        var results = await Task.WhenAll(Enumerable.Range(1, 10).Select(i => Task.Run(() =>
            Ingest.IngestAsync(new InboundMessage(channel, $"race:{i}", "race-chat", null, sender, $"message {i} #{label}", At.AddSeconds(i), Labels: [label])))));

        Assert.All(results, r => Assert.Equal(IngestOutcome.Stored, r.Outcome));
        Assert.Single(results.Select(r => r.ConversationId).Distinct());
        await using var check = await factory.CreateDbAsync();
        Assert.Equal(10, await check.Messages.CountAsync(m => m.ChannelId == channel));
        Assert.Equal(1, await check.Conversations.CountAsync(c => c.ChannelId == channel));
        Assert.Equal(1, await check.ContactIdentities.CountAsync(i => i.Value == sender.Value));
        Assert.Equal(1, await check.Labels.CountAsync(l => l.Name == label));
        Assert.Equal(10, (await check.Conversations.SingleAsync(c => c.ChannelId == channel)).AgentUnreadCount);
    }
}
