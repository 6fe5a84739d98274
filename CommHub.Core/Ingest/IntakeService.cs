using CommHub.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommHub.Core.Ingest;

/// <summary>Asks for a channel's stored updates to be processed (a background job in the app).</summary>
public interface IIntakeSignal
{
    void Drain(int channelId);
}

/// <summary>A raw update as received, before it is stored.</summary>
public sealed record ReceivedUpdate(string ExternalId, string Payload);

/// <summary>What /channels shows of a channel's intake: updates that failed (with the last error) and that were skipped.</summary>
public sealed record IntakeCounts(int Failed, int Skipped, string? LastError)
{
    /// <summary>The skipped updates by kind (<see cref="IntakeSkipKinds"/>); rows skipped before kinds were kept are only in the total.</summary>
    public IReadOnlyDictionary<string, int> SkippedByKind { get; init; } = new Dictionary<string, int>();
}

/// <summary>
/// The intake table: raw updates stored before the channel is told "received", then drained by a processor. The table is
/// the source of truth, so a lost job (restart, in-memory job storage) loses nothing: the sweep drains what is pending.
/// </summary>
public sealed class IntakeService(IDbContextFactory<CommHubDbContext> dbFactory, IIntakeSignal signal, IOptions<IntakeOptions> options, TimeProvider clock)
{
    public IntakeOptions Options => options.Value;

    private IntakeGroupCommit? groupCommit;

    /// <summary>
    /// Stores one update and commits it; updates stored at the same moment (concurrent webhook posts) share one commit.
    /// A redelivery (same external id) stores nothing.
    /// </summary>
    /// <returns>True when the row is new, false for a redelivery.</returns>
    /// <exception cref="DbUpdateException">The database refused the write: the update must not be acknowledged.</exception>
    public Task<bool> StoreAsync(int channelId, ReceivedUpdate update, CancellationToken cancellationToken = default)
    {
        var writer = LazyInitializer.EnsureInitialized(ref groupCommit, () => new IntakeGroupCommit(StoreGroupAsync, StoreOneAsync));
        return writer.StoreAsync(channelId, update, cancellationToken);
    }

    /// <summary>Several callers' updates in one transaction; for each, whether its row is new.</summary>
    private async Task<IReadOnlyList<bool>> StoreGroupAsync(IReadOnlyList<IntakeGroupCommit.Item> group)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var fresh = new HashSet<(int, string)>();
        await db.InTransactionAsync(async token =>
        {
            fresh.Clear();
            foreach (var channel in group.GroupBy(i => i.ChannelId))
            {
                foreach (var row in await AddNewAsync(db, channel.Key, channel.Select(i => i.Update).ToList(), token))
                    fresh.Add((channel.Key, row.ExternalId));
            }
            await db.SaveChangesAsync(token);
        });
        // The first of several deliveries of one update in the group is the new one; the others are redeliveries.
        return group.Select(i => fresh.Remove((i.ChannelId, i.Update.ExternalId))).ToList();
    }

    /// <summary>One update on its own (a group the database refused is written again this way, row by row).</summary>
    private async Task<bool> StoreOneAsync(IntakeGroupCommit.Item item)
    {
        try
        {
            return (await StoreGroupAsync([item]))[0];
        }
        catch (DbUpdateException)
        {
            // Two deliveries of one update at once: the unique index let one in; the other is a redelivery.
            await using var check = await dbFactory.CreateDbContextAsync();
            if (await check.InboundUpdates.AnyAsync(u => u.ChannelId == item.ChannelId && u.ExternalId == item.Update.ExternalId)) return false;
            throw;
        }
    }

    /// <summary>
    /// Adds a page of updates on <paramref name="db"/> without saving, leaving out those already stored and repeats within
    /// the page; the caller saves it in its own transaction (with the polling cursor).
    /// </summary>
    public async Task<int> AddPageAsync(CommHubDbContext db, int channelId, IReadOnlyList<ReceivedUpdate> page, CancellationToken cancellationToken) =>
        (await AddNewAsync(db, channelId, page, cancellationToken)).Count;

    private async Task<List<InboundUpdate>> AddNewAsync(CommHubDbContext db, int channelId, IReadOnlyList<ReceivedUpdate> page, CancellationToken cancellationToken)
    {
        var ids = page.Select(u => u.ExternalId).Distinct().ToList();
        var known = (await db.InboundUpdates.Where(u => u.ChannelId == channelId && ids.Contains(u.ExternalId)).Select(u => u.ExternalId).ToListAsync(cancellationToken))
            .ToHashSet();
        var fresh = page.Where(u => known.Add(u.ExternalId)).Select(u => NewRow(channelId, u)).ToList();
        db.InboundUpdates.AddRange(fresh);
        return fresh;
    }

    private InboundUpdate NewRow(int channelId, ReceivedUpdate update) => new()
    {
        ChannelId = channelId,
        ExternalId = update.ExternalId,
        Payload = update.Payload,
        ReceivedAt = clock.GetUtcNow().UtcDateTime,
        State = InboundUpdateState.Pending,
    };

    /// <summary>The next pending rows of a channel after <paramref name="afterId"/>, in arrival order.</summary>
    public async Task<IReadOnlyList<InboundUpdate>> PendingAsync(int channelId, long afterId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.InboundUpdates.AsNoTracking()
            .Where(u => u.ChannelId == channelId && u.State == InboundUpdateState.Pending && u.Id > afterId)
            .OrderBy(u => u.Id).Take(options.Value.BatchSize).ToListAsync(cancellationToken);
    }

    /// <summary>Marks rows done (processed, or skipped as <paramref name="skipKind"/>, see <see cref="IntakeSkipKinds"/>).</summary>
    public async Task MarkAsync(IReadOnlyCollection<long> ids, InboundUpdateState state, CancellationToken cancellationToken = default, string? skipKind = null)
    {
        skipKind = state == InboundUpdateState.Skipped ? Common.ColumnText.Fit(skipKind ?? IntakeSkipKinds.Unknown, InboundUpdateConfiguration.SkipKindLength) : null;
        if (ids.Count == 0) return;
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.InboundUpdates.Where(u => ids.Contains(u.Id) && u.State == InboundUpdateState.Pending).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.State, state)
            .SetProperty(u => u.SkipKind, skipKind)
            .SetProperty(u => u.ProcessedAt, now), cancellationToken);
    }

    /// <summary>
    /// One more failed attempt at a row; at <see cref="IntakeOptions.MaxAttempts"/> it becomes Failed. Returns the new state.
    /// </summary>
    public async Task<InboundUpdateState> RecordFailureAsync(long id, string error, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var max = options.Value.MaxAttempts;
        var text = error.Length > InboundUpdateConfiguration.ErrorLength ? error[..(InboundUpdateConfiguration.ErrorLength - 1)] + "…" : error;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Relative, in one statement: two drains recording at once cannot lose an attempt.
        await db.InboundUpdates.Where(u => u.Id == id && u.State == InboundUpdateState.Pending).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.Attempts, u => u.Attempts + 1)
            .SetProperty(u => u.LastError, text)
            .SetProperty(u => u.State, u => u.Attempts + 1 >= max ? InboundUpdateState.Failed : InboundUpdateState.Pending)
            .SetProperty(u => u.ProcessedAt, u => u.Attempts + 1 >= max ? (DateTime?)now : u.ProcessedAt), cancellationToken);
        return await db.InboundUpdates.Where(u => u.Id == id).Select(u => u.State).SingleAsync(cancellationToken);
    }

    /// <summary>Channels (enabled, not deleted) with rows waiting.</summary>
    public async Task<IReadOnlyList<int>> ChannelsWithPendingAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var pending = await db.InboundUpdates.Where(u => u.State == InboundUpdateState.Pending).Select(u => u.ChannelId).Distinct().ToListAsync(cancellationToken);
        return await db.Channels.Where(c => pending.Contains(c.Id) && c.Enabled && c.DeletedAt == null).Select(c => c.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Failed and skipped rows per channel, for the channels page (only channels that have any).</summary>
    public async Task<IReadOnlyDictionary<int, IntakeCounts>> CountsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var counts = await db.InboundUpdates.Where(u => u.State == InboundUpdateState.Failed || u.State == InboundUpdateState.Skipped)
            .GroupBy(u => new { u.ChannelId, u.State, u.SkipKind }).Select(g => new { g.Key.ChannelId, g.Key.State, g.Key.SkipKind, Count = g.Count() })
            .ToListAsync(cancellationToken);
        // The last error of each channel: its newest failed row's.
        var newestFailed = await db.InboundUpdates.Where(u => u.State == InboundUpdateState.Failed)
            .GroupBy(u => u.ChannelId).Select(g => g.Max(u => u.Id)).ToListAsync(cancellationToken);
        var lastErrors = await db.InboundUpdates.Where(u => newestFailed.Contains(u.Id)).Select(u => new { u.ChannelId, u.LastError }).ToListAsync(cancellationToken);
        return counts.GroupBy(c => c.ChannelId).ToDictionary(g => g.Key, g => new IntakeCounts(
            g.Where(c => c.State == InboundUpdateState.Failed).Sum(c => c.Count),
            g.Where(c => c.State == InboundUpdateState.Skipped).Sum(c => c.Count),
            lastErrors.FirstOrDefault(e => e.ChannelId == g.Key)?.LastError)
        {
            SkippedByKind = g.Where(c => c.State == InboundUpdateState.Skipped && c.SkipKind != null).GroupBy(c => c.SkipKind!)
                .ToDictionary(k => k.Key, k => k.Sum(c => c.Count)),
        });
    }

    /// <summary>"Retry failed updates": a channel's failed rows are pending again with fresh attempts, and drained.</summary>
    /// <returns>How many rows are retried.</returns>
    public async Task<int> RetryFailedAsync(int channelId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var count = await db.InboundUpdates.Where(u => u.ChannelId == channelId && u.State == InboundUpdateState.Failed).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.State, InboundUpdateState.Pending)
            .SetProperty(u => u.Attempts, 0)
            .SetProperty(u => u.ProcessedAt, (DateTime?)null), cancellationToken);
        if (count > 0) signal.Drain(channelId);
        return count;
    }

    /// <summary>Deletes rows done (processed, skipped or failed) longer ago than the retention; pending rows stay.</summary>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime.AddDays(-options.Value.RetentionDays);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.InboundUpdates
            .Where(u => u.State != InboundUpdateState.Pending && u.ProcessedAt != null && u.ProcessedAt < cutoff)
            .ExecuteDeleteAsync(cancellationToken);
    }
}
