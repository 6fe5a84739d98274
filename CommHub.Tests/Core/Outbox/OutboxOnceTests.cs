using System.Text.Json.Nodes;
using CommHub.Core.Conversations;
using CommHub.Core.Outbox;
using CommHub.Core.Users;
using CommHub.Tests.Fakes;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CommHub.Tests.Fakes.TelegramUpdates;

namespace CommHub.Tests.Core.Outbox;

/// <summary>
/// The outbox never sends a message twice by itself: the attempt is committed before the send, and a send whose result cannot
/// be saved (or that was cut off) is left Unknown for a person. Through the production Telegram client and its loopback fake.
/// </summary>
public sealed class OutboxOnceTests : FakeTelegramTest
{
    private readonly FailingSaveInterceptor saves = new();
    private int channelId;
    private string agentId = "";

    public OutboxOnceTests()
    {
        Factory.StopSweeps();
        Factory.ConfigureServices = services =>
        {
            services.AddSingleton<IOutboxSignal, NoOutboxSignal>();
            saves.AddTo(services);
        };
    }

    public override async Task InitializeAsync()
    {
        channelId = await Telegram.AddChannelAsync(Factory);
        agentId = (await Factory.CreateUserAsync("once.agent@example.com", Roles.Agent)).Id;
    }

    private OutboxService Outbox => Factory.Services.GetRequiredService<OutboxService>();

    private async Task<int> ConversationAsync(JsonObject from, string text)
    {
        await Telegram.PushAsync(Update(Message(PrivateChat(from), from, text)));
        await Factory.PollAsync(channelId);
        await using var db = await Factory.CreateDbAsync();
        return await db.Messages.Where(m => m.ChannelId == channelId).OrderByDescending(m => m.Id).Select(m => m.ConversationId).FirstAsync();
    }

    /// <summary>The save that records a send's result fails (the attempt's own claim was already committed).</summary>
    private static bool RecordsTheResultOf(DbContext db, int? messageId = null) =>
        db.ChangeTracker.Entries<OutboxItem>().Any(e => e.State == EntityState.Modified
            && e.Entity.State != OutboxState.Sending && (messageId is null || e.Entity.MessageId == messageId));

    /// <summary>Everything waiting, and everything "Sending", is old enough to be looked at again.</summary>
    private async Task TimePassesAsync()
    {
        await using var db = await Factory.CreateDbAsync();
        var longAgo = DateTime.UtcNow.AddHours(-1);
        await db.Outbox.ExecuteUpdateAsync(s => s.SetProperty(o => o.NextAttemptAt, longAgo).SetProperty(o => o.UpdatedAt, longAgo));
    }

    [Fact]
    public async Task ASendWhoseResultCannotBeSaved_IsNotSentAgain_ButLeftUnknownForAPerson()
    {
        var conversation = await ConversationAsync(User(4001, "Ann"), "Hello?");
        var reply = await Factory.AgentReplyAsync(conversation, agentId, "Only once, please.");
        saves.FailWhen = db => RecordsTheResultOf(db);

        await Outbox.SendDueAsync();
        saves.FailWhen = null;

        Assert.Equal(1, saves.Failed);
        Assert.Single(Telegram.Sent);
        var (message, item) = await Factory.SendStateAsync(reply.Id);
        Assert.Equal((OutboxState.Unknown, 1), (item.State, item.Attempts));
        Assert.Equal(DeliveryStatus.Unknown, message.DeliveryStatus);
        Assert.Equal(OutboxService.UnsavedText, message.DeliveryError);

        // Hours later, with every sweep run: still one message in the chat.
        await TimePassesAsync();
        await Outbox.SendDueAsync();
        await Outbox.SendDueAsync();
        Assert.Single(Telegram.Sent);

        // A person checked the chat: it is there.
        Assert.True(await Outbox.MarkSentAsync(reply.Id));
        var (marked, done) = await Factory.SendStateAsync(reply.Id);
        Assert.Equal((DeliveryStatus.Sent, null, OutboxState.Done), (marked.DeliveryStatus, marked.DeliveryError, done.State));
        Assert.False(await Outbox.RetryAsync(reply.Id));
    }

    [Fact]
    public async Task AnUnknownSend_IsSentAgainOnlyWhenAPersonRetriesIt()
    {
        var conversation = await ConversationAsync(User(4002, "Ben"), "Hello?");
        var reply = await Factory.AgentReplyAsync(conversation, agentId, "Did it arrive?");
        saves.FailWhen = db => RecordsTheResultOf(db);
        await Outbox.SendDueAsync();
        saves.FailWhen = null;
        Assert.Equal(OutboxState.Unknown, (await Factory.SendStateAsync(reply.Id)).Item.State);

        Assert.True(await Outbox.RetryAsync(reply.Id));
        await Outbox.SendDueAsync();

        Assert.Equal(2, Telegram.Sent.Count);
        var (message, item) = await Factory.SendStateAsync(reply.Id);
        Assert.Equal((DeliveryStatus.Sent, OutboxState.Done, 1), (message.DeliveryStatus, item.State, item.Attempts));
    }

    [Fact]
    public async Task ASendCutOffMidway_CountsItsAttempt_AndBecomesUnknown_NotSentAgain()
    {
        var conversation = await ConversationAsync(User(4003, "Cem"), "Hello?");
        var reply = await Factory.AgentReplyAsync(conversation, agentId, "Cut off");
        await using (var db = await Factory.CreateDbAsync())
        {
            // What a worker that died mid-send leaves: its committed claim and attempt, and nothing after them.
            await db.Outbox.Where(o => o.MessageId == reply.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.State, OutboxState.Sending).SetProperty(o => o.Attempts, 1));
        }

        Assert.Equal(0, await Outbox.SendDueAsync());
        Assert.Equal(OutboxState.Sending, (await Factory.SendStateAsync(reply.Id)).Item.State);
        await TimePassesAsync();
        await Outbox.SendDueAsync();

        Assert.Empty(Telegram.Sent);
        var (message, item) = await Factory.SendStateAsync(reply.Id);
        Assert.Equal((OutboxState.Unknown, 1), (item.State, item.Attempts));
        Assert.Equal((DeliveryStatus.Unknown, OutboxService.InterruptedText), (message.DeliveryStatus, message.DeliveryError));
    }

    [Fact]
    public async Task OneItemThatFails_DoesNotStopTheRestOfTheBatch()
    {
        var first = await Factory.AgentReplyAsync(await ConversationAsync(User(4004, "Dee"), "One"), agentId, "First reply");
        var second = await Factory.AgentReplyAsync(await ConversationAsync(User(4005, "Eve"), "Two"), agentId, "Second reply");
        saves.FailWhen = db => RecordsTheResultOf(db, first.Id);

        var handled = await Outbox.SendDueAsync();
        saves.FailWhen = null;

        Assert.Equal(2, handled);
        Assert.Equal(["First reply", "Second reply"], Telegram.Sent.Select(s => s.Text));
        Assert.Equal(OutboxState.Unknown, (await Factory.SendStateAsync(first.Id)).Item.State);
        var (message, item) = await Factory.SendStateAsync(second.Id);
        Assert.Equal((DeliveryStatus.Sent, OutboxState.Done), (message.DeliveryStatus, item.State));
    }
}
