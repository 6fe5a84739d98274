using CommHub.Core.Channels;
using CommHub.Core.Contacts;
using CommHub.Core.Conversations;
using CommHub.Core.Outbox;
using CommHub.Core.Users;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CommHub.Tests.Core.Outbox;

public sealed class OutboxColumnLimitsTests : OutboxColumnLimitsTestsBase<CommHubFactory>;

public sealed class OutboxColumnLimitsTestsOnPostgres : OutboxColumnLimitsTestsBase<PostgresFactory>;

/// <summary>
/// A channel's error can be a whole response body. Stored unclipped, SQLite took it, but PostgreSQL refused the save
/// that records the send's outcome, so a send that was refused for good was tried again and again.
/// </summary>
public abstract class OutboxColumnLimitsTestsBase<TFactory> : IAsyncLifetime where TFactory : CommHubFactory, new()
{
    private static readonly string LongError = "Telegram refused the message (400): " + new string('x', 5000);
    private readonly TFactory factory = new();

    protected OutboxColumnLimitsTestsBase()
    {
        factory.StopSweeps();
        factory.ConfigureServices = services =>
        {
            services.RemoveAll<IChannelSender>();
            services.AddSingleton<IChannelSender>(new RefusingSender(LongError));
            services.AddSingleton<IOutboxSignal, NoOutboxSignal>();
        };
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task AChannelsOverLongError_IsKeptClipped_AndTheSendIsFailedOnce()
    {
        var agent = await factory.CreateUserAsync("limits.agent@example.com", Roles.Agent);
        int conversationId;
        await using (var db = await factory.CreateDbAsync())
        {
            var conversation = new Conversation
            {
                Channel = new Channel { Kind = ChannelKind.Telegram, Name = "Bot" },
                Contact = new Contact { Name = "Tg user" },
                Subject = "Telegram chat",
            };
            db.Conversations.Add(conversation);
            await db.SaveChangesAsync();
            conversationId = conversation.Id;
        }
        var reply = await factory.AgentReplyAsync(conversationId, agent.Id, "Hello");

        Assert.Equal(1, await factory.Services.GetRequiredService<OutboxService>().SendDueAsync());
        Assert.Equal(0, await factory.Services.GetRequiredService<OutboxService>().SendDueAsync());

        var (message, item) = await factory.SendStateAsync(reply.Id);
        Assert.Equal((DeliveryStatus.Failed, OutboxState.Failed, 1), (message.DeliveryStatus, item.State, item.Attempts));
        Assert.Equal((1000, 1000), (message.DeliveryError!.Length, item.LastError!.Length));
        Assert.StartsWith("Telegram refused the message (400): xxx", message.DeliveryError, StringComparison.Ordinal);
    }

    private sealed class RefusingSender(string error) : IChannelSender
    {
        public ChannelKind Kind => ChannelKind.Telegram;

        public Task<SendResult> SendAsync(OutboundEnvelope envelope, CancellationToken cancellationToken) =>
            Task.FromResult(new SendResult(SendOutcome.Permanent, Error: error));
    }
}
