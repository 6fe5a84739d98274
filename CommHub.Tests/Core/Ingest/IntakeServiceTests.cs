using CommHub.Core.Channels;
using CommHub.Core.Ingest;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CommHub.Tests.Core.Ingest;

public sealed class IntakeServiceTests() : IntakeServiceTestsBase(onPostgres: false);

public sealed class IntakeServiceTestsOnPostgres() : IntakeServiceTestsBase(onPostgres: true);

/// <summary>The intake table's upkeep on the app's clock: purge past retention, counts for /channels, retry of failed rows.</summary>
public abstract class IntakeServiceTestsBase : IAsyncLifetime
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 5, 10, 12, 0, 0, TimeSpan.Zero));
    private readonly CommHubFactory factory = new();
    private int channelId;

    protected IntakeServiceTestsBase(bool onPostgres)
    {
        if (onPostgres) factory.UsePostgres();
        factory.ConfigureServices = services => services.AddSingleton<TimeProvider>(clock);
    }

    public async Task InitializeAsync()
    {
        await using var db = await factory.CreateDbAsync();
        var channel = new Channel { Kind = ChannelKind.Portal, Name = "Portal" };
        db.Channels.Add(channel);
        await db.SaveChangesAsync();
        channelId = channel.Id;
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    private IntakeService Intake => factory.Services.GetRequiredService<IntakeService>();

    private DateTime DaysAgo(double days) => clock.GetUtcNow().UtcDateTime.AddDays(-days);

    private async Task AddAsync(string id, InboundUpdateState state, DateTime receivedAt, DateTime? processedAt, string? error = null)
    {
        await using var db = await factory.CreateDbAsync();
        db.InboundUpdates.Add(new InboundUpdate
        {
            ChannelId = channelId, ExternalId = id, Payload = "{}", State = state, ReceivedAt = receivedAt, ProcessedAt = processedAt,
            LastError = error, Attempts = state == InboundUpdateState.Failed ? 5 : 0,
        });
        await db.SaveChangesAsync();
    }

    private async Task<List<string>> IdsAsync()
    {
        await using var db = await factory.CreateDbAsync();
        return await db.InboundUpdates.Where(u => u.ChannelId == channelId).OrderBy(u => u.Id).Select(u => u.ExternalId).ToListAsync();
    }

    [Fact]
    public async Task Purge_RemovesDoneRowsOlderThanTheRetention_AndKeepsNewerOnes_FailedOnesStillInIt_AndPendingOnes()
    {
        Assert.Equal(7, factory.Services.GetRequiredService<IOptions<IntakeOptions>>().Value.RetentionDays);
        await AddAsync("old-processed", InboundUpdateState.Processed, DaysAgo(8), DaysAgo(8));
        await AddAsync("old-skipped", InboundUpdateState.Skipped, DaysAgo(8), DaysAgo(7.5));
        await AddAsync("new-processed", InboundUpdateState.Processed, DaysAgo(6), DaysAgo(6));
        await AddAsync("failed-recently", InboundUpdateState.Failed, DaysAgo(10), DaysAgo(2), "boom");
        await AddAsync("failed-long-ago", InboundUpdateState.Failed, DaysAgo(10), DaysAgo(9), "boom");
        await AddAsync("old-pending", InboundUpdateState.Pending, DaysAgo(30), null);

        Assert.Equal(3, await Intake.PurgeAsync());

        Assert.Equal(["new-processed", "failed-recently", "old-pending"], await IdsAsync());
        // Two days on, the newer processed row is past retention too.
        clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(1, await Intake.PurgeAsync());
        Assert.Equal(["failed-recently", "old-pending"], await IdsAsync());
    }

    [Fact]
    public async Task Counts_ShowFailedAndSkippedPerChannel_WithTheNewestError_AndRetryResetsTheFailedOnes()
    {
        await AddAsync("1", InboundUpdateState.Failed, DaysAgo(1), DaysAgo(1), "first error");
        await AddAsync("2", InboundUpdateState.Failed, DaysAgo(1), DaysAgo(1), "newest error");
        await AddAsync("3", InboundUpdateState.Skipped, DaysAgo(1), DaysAgo(1));
        await AddAsync("4", InboundUpdateState.Processed, DaysAgo(1), DaysAgo(1));

        var counts = (await Intake.CountsAsync())[channelId];
        Assert.Equal((2, 1, "newest error"), (counts.Failed, counts.Skipped, counts.LastError));
        // A row skipped without a kind (stored before kinds were kept) is in the total only.
        Assert.Empty(counts.SkippedByKind);

        Assert.Equal(2, await Intake.RetryFailedAsync(channelId));

        await using var db = await factory.CreateDbAsync();
        var retried = await db.InboundUpdates.Where(u => u.ChannelId == channelId && (u.ExternalId == "1" || u.ExternalId == "2")).ToListAsync();
        Assert.All(retried, r => Assert.Equal((InboundUpdateState.Pending, 0, (DateTime?)null), (r.State, r.Attempts, r.ProcessedAt)));
        var after = (await Intake.CountsAsync())[channelId];
        Assert.Equal((0, 1, (string?)null), (after.Failed, after.Skipped, after.LastError));
    }

    [Fact]
    public async Task TheSameUpdateStoredTwice_IsOneRow()
    {
        Assert.True(await Intake.StoreAsync(channelId, new ReceivedUpdate("10", "{\"update_id\":10}")));
        Assert.False(await Intake.StoreAsync(channelId, new ReceivedUpdate("10", "{\"update_id\":10}")));

        Assert.Equal(["10"], await IdsAsync());
    }

    [Fact]
    public async Task UpdatesStoredAtOnce_ShareCommits_AndEachCallerLearnsWhetherItsRowIsNew()
    {
        // 60 callers at once (as webhook connections are), each update twice: the ones that wait share a commit.
        var ids = Enumerable.Range(1, 30).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var calls = ids.Concat(ids).Select(id => (Id: id, Task: Intake.StoreAsync(channelId, new ReceivedUpdate(id, $"{{\"update_id\":{id}}}")))).ToList();
        await Task.WhenAll(calls.Select(c => c.Task));

        // Each update is new to exactly one of its two callers; the other is told it is a redelivery.
        foreach (var id in ids) Assert.Single(calls, c => c.Id == id && c.Task.Result);
        Assert.Equal(ids.Order(), (await IdsAsync()).Order());
    }

    [Fact]
    public async Task ARowTheDatabaseRefuses_FailsOnlyItsOwnCaller()
    {
        // A channel that does not exist breaks the foreign key: that caller gets the error, the others' rows are stored.
        var good = Enumerable.Range(1, 20).Select(i => Intake.StoreAsync(channelId, new ReceivedUpdate($"g{i}", "{}"))).ToList();
        var bad = Intake.StoreAsync(channelId + 1000, new ReceivedUpdate("orphan", "{}"));
        var more = Enumerable.Range(21, 20).Select(i => Intake.StoreAsync(channelId, new ReceivedUpdate($"g{i}", "{}"))).ToList();

        await Assert.ThrowsAsync<DbUpdateException>(() => bad);
        Assert.All(await Task.WhenAll(good.Concat(more)), Assert.True);
        Assert.Equal(40, (await IdsAsync()).Count);
    }
}

public sealed class IntakeOptionsTests
{
    [Fact]
    public async Task ARetentionOfZeroDays_IsRefusedAtStart()
    {
        await using var factory = new CommHubFactory();
        factory.Settings["CommHub:Intake:RetentionDays"] = "0";

        var error = Assert.ThrowsAny<Exception>(() => factory.Services);
        Assert.Contains("RetentionDays", error.ToString());
    }
}
