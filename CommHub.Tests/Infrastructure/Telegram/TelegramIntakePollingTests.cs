using System.Text.Json.Nodes;
using CommHub.Core.Conversations;
using CommHub.Core.Ingest;
using CommHub.Infrastructure.Jobs;
using CommHub.Infrastructure.Telegram;
using CommHub.Tests.Fakes;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CommHub.Tests.Fakes.TelegramUpdates;
using static CommHub.Tests.Infrastructure.Telegram.IntakeTestSupport;

namespace CommHub.Tests.Infrastructure.Telegram;

public sealed class TelegramIntakePollingTests() : TelegramIntakePollingTestsBase(onPostgres: false);

public sealed class TelegramIntakePollingTestsOnPostgres() : TelegramIntakePollingTestsBase(onPostgres: true);

/// <summary>Polled pages through the intake table: stored with their cursor in one commit, then drained; failures counted.</summary>
public abstract class TelegramIntakePollingTestsBase : FakeTelegramTest
{
    private readonly JsonObject ann = User(4001, "Ann");
    private readonly FailingCommandInterceptor failingCommand = new();
    private readonly FailingSaveInterceptor failingSave = new();
    private int channelId;

    protected TelegramIntakePollingTestsBase(bool onPostgres) : base(onPostgres: onPostgres)
    {
        // No sweep runs by itself: the tests drain, so what they see after a failure is all there is.
        Factory.Settings["CommHub:Jobs:SweepCron"] = "0 0 1 1 *";
        Factory.ConfigureServices = services => services.AddInterceptors(failingCommand, failingSave);
    }

    public override async Task InitializeAsync() => channelId = await Telegram.AddChannelAsync(Factory);

    private Task<string?> CursorAsync() => Factory.ChannelAsync(channelId).ContinueWith(c => c.Result.SyncCursor);

    [Fact]
    public async Task APageAndItsCursor_AreOneCommit_SoACursorThatCannotBeSavedLeavesNoRows_AndThePageIsReadAgain()
    {
        await Telegram.PushAsync(Update(Message(PrivateChat(ann), ann, "first")));
        await Telegram.PushAsync(Update(Message(PrivateChat(ann), ann, "second")));
        failingCommand.FailWhen = sql => sql.TrimStart().StartsWith("UPDATE \"Channels\"", StringComparison.Ordinal) && sql.Contains("SyncCursor");

        await Assert.ThrowsAnyAsync<Exception>(() => Factory.PollAsync(channelId));
        failingCommand.FailWhen = null;

        // The rows were written in the same transaction as the cursor: both are gone.
        Assert.Equal(1, failingCommand.Failed);
        Assert.Empty(await Factory.RowsAsync(channelId));
        Assert.Null(await CursorAsync());

        Assert.Equal(2, (await Factory.PollAsync(channelId)).Stored);
        Assert.Equal(2, (await Factory.RowsAsync(channelId)).Count(r => r.State == InboundUpdateState.Processed));
        Assert.Equal(["first", "second"], await Factory.MessageTextsAsync(channelId));
    }

    [Fact]
    public async Task ARestartAfterThePageIsStored_ButBeforeItIsProcessed_LosesNothing()
    {
        var last = 0L;
        foreach (var text in new[] { "one", "two", "three" }) last = await Telegram.PushAsync(Update(Message(PrivateChat(ann), ann, text)));
        // The drain's first read of pending rows dies, as a killed process would right after the commit.
        failingCommand.FailWhen = sql => sql.Contains("\"InboundUpdates\"") && sql.Contains("ORDER BY");

        await Assert.ThrowsAnyAsync<Exception>(() => Factory.PollAsync(channelId));
        failingCommand.FailWhen = null;

        Assert.Equal((last + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), await CursorAsync());
        Assert.Equal([InboundUpdateState.Pending, InboundUpdateState.Pending, InboundUpdateState.Pending], (await Factory.RowsAsync(channelId)).Select(r => r.State));
        Assert.Empty(await Factory.MessageTextsAsync(channelId));

        await using var restarted = Factory.SecondHost(Telegram);
        await restarted.Services.GetRequiredService<IntakeSweepJob>().RunAsync(CancellationToken.None);
        Assert.Equal(["one", "two", "three"], await restarted.MessageTextsAsync(channelId));

        // The next poll confirms the offset: Telegram forgets the page, whose only copy is the table, and nothing is twice.
        await restarted.PollAsync(channelId);
        Assert.Equal(0, Telegram.PendingCount);
        Assert.Equal(3, (await restarted.MessageTextsAsync(channelId)).Count);
    }

    [Fact]
    public async Task AnUpdateIdPast32Bits_MovesTheCursorPastIt()
    {
        var wide = Update(Message(PrivateChat(ann), ann, "wide"));
        wide["update_id"] = 6_000_000_000L;
        await Telegram.PushRawAsync(wide.ToJsonString());

        Assert.Equal(1, (await Factory.PollAsync(channelId)).Stored);

        Assert.Equal("6000000001", await CursorAsync());
        Assert.Equal("6000000000", Assert.Single(await Factory.RowsAsync(channelId)).ExternalId);
        // The next poll sends the 64-bit offset, which confirms the update.
        await Factory.PollAsync(channelId);
        Assert.Equal(0, Telegram.PendingCount);
        Assert.Equal(["wide"], await Factory.MessageTextsAsync(channelId));
    }

    [Fact]
    public async Task AnUnknownUpdateType_OrAServiceMessage_IsCountedAsSkipped()
    {
        await Telegram.PushAsync(new JsonObject { ["my_chat_member"] = new JsonObject { ["date"] = 1 } });
        var joined = Message(PrivateChat(ann), ann);
        joined["new_chat_members"] = new JsonArray(User(4002, "Bob"));
        await Telegram.PushAsync(Update(joined));
        await Telegram.PushAsync(Update(Message(PrivateChat(ann), ann, "shown")));

        await Factory.PollAsync(channelId);

        Assert.Equal([InboundUpdateState.Skipped, InboundUpdateState.Skipped, InboundUpdateState.Processed], (await Factory.RowsAsync(channelId)).Select(r => r.State));
        Assert.Equal(2, (await Factory.Services.GetRequiredService<IntakeService>().CountsAsync())[channelId].Skipped);
    }

    [Fact]
    public async Task APoisonedUpdate_IsRetried_ThenFailedWithItsError_NeverBlocksTheNextOnes_AndRetryFailedUpdatesPutsItBack()
    {
        // Storing this one message fails, as a database refusing that row would; everything else is stored.
        failingSave.FailWhen = db => db.ChangeTracker.Entries<Message>().Any(e => e.State == EntityState.Added && e.Entity.Text == "poison");
        await Telegram.PushAsync(Update(Message(PrivateChat(ann), ann, "before")));
        await Telegram.PushAsync(Update(Message(PrivateChat(ann), ann, "poison")));
        await Telegram.PushAsync(Update(Message(PrivateChat(ann), ann, "after")));

        await Factory.PollAsync(channelId);

        Assert.Equal(["before", "after"], await Factory.MessageTextsAsync(channelId));
        var poisoned = (await Factory.RowsAsync(channelId))[1];
        Assert.Equal((InboundUpdateState.Pending, 1), (poisoned.State, poisoned.Attempts));
        Assert.Contains("refused the write", poisoned.LastError);

        // Each drain tries it once more; at the fifth attempt it is failed, and updates after it still arrive.
        var processor = Factory.Services.GetRequiredService<TelegramIntakeProcessor>();
        for (var i = 0; i < 4; i++) await processor.DrainAsync(channelId);
        await Telegram.PushAsync(Update(Message(PrivateChat(ann), ann, "later")));
        await Factory.PollAsync(channelId);

        poisoned = (await Factory.RowsAsync(channelId))[1];
        Assert.Equal((InboundUpdateState.Failed, 5), (poisoned.State, poisoned.Attempts));
        Assert.Equal(["before", "after", "later"], await Factory.MessageTextsAsync(channelId));
        var intake = Factory.Services.GetRequiredService<IntakeService>();
        var counts = (await intake.CountsAsync())[channelId];
        Assert.Equal(1, counts.Failed);
        Assert.Contains("refused the write", counts.LastError);
        // A failed row is not drained by itself any more.
        await processor.DrainAsync(channelId);
        Assert.Equal(5, (await Factory.RowsAsync(channelId))[1].Attempts);

        // Fixed: "Retry failed updates" makes it pending with fresh attempts and asks for a drain, which the app's job runs.
        failingSave.FailWhen = null;
        Assert.Equal(1, await intake.RetryFailedAsync(channelId));
        var rows = await EventuallyAsync(() => Factory.RowsAsync(channelId), r => r[1].State == InboundUpdateState.Processed);
        Assert.Equal(InboundUpdateState.Processed, rows[1].State);
        Assert.Equal(["before", "after", "later", "poison"], await Factory.MessageTextsAsync(channelId));
        Assert.False((await intake.CountsAsync()).TryGetValue(channelId, out _));
    }
}
