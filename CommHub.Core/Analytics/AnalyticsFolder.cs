using CommHub.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommHub.Core.Analytics;

/// <summary>
/// Folds the analytics journal into the rollups, one batch per transaction. A batch claims its events (Folded = true,
/// only where still false) before it writes anything: when two instances fold at once, the second one's claim waits for
/// the first to commit and then claims fewer rows than it read, so it rolls back and leaves the batch to the first. An
/// event is therefore added to the rollups exactly once, on every provider, with no lock table.
/// </summary>
public sealed class AnalyticsFolder(
    IDbContextFactory<CommHubDbContext> dbFactory, TimeProvider clock, IOptions<AnalyticsOptions> options, ILogger<AnalyticsFolder> logger)
{
    /// <summary>Folds until the journal is empty (or <paramref name="maxBatches"/> batches); returns the events folded.</summary>
    public async Task<int> FoldAsync(int maxBatches = int.MaxValue, CancellationToken cancellationToken = default)
    {
        var total = 0;
        for (var batch = 0; batch < maxBatches; batch++)
        {
            int folded;
            try
            {
                folded = await FoldBatchAsync(cancellationToken);
            }
            catch (FoldTakenException)
            {
                logger.LogInformation("Another instance is folding analytics; this run stops.");
                break;
            }
            total += folded;
            if (folded < options.Value.FoldBatchSize) break;
        }
        return total;
    }

    /// <summary>Throws the rollups away and folds the whole journal again.</summary>
    public async Task<int> RebuildAsync(CancellationToken cancellationToken = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await db.InTransactionAsync(async token =>
            {
                await db.AnalyticsEvents.Where(e => e.Folded).ExecuteUpdateAsync(s => s.SetProperty(e => e.Folded, false), token);
                await db.AnalyticsHours.ExecuteDeleteAsync(token);
                await db.ConversationCycles.ExecuteDeleteAsync(token);
                await db.AnalyticsStates.ExecuteDeleteAsync(token);
            }, cancellationToken);
        }
        return await FoldAsync(cancellationToken: cancellationToken);
    }

    private async Task<int> FoldBatchAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var size = options.Value.FoldBatchSize;
        return await db.InTransactionAsync(async token =>
        {
            var events = await db.AnalyticsEvents.AsNoTracking().Where(e => !e.Folded).OrderBy(e => e.Id).Take(size).ToListAsync(token);
            if (events.Count == 0) return 0;
            var ids = events.Select(e => e.Id).ToList();
            var claimed = await db.AnalyticsEvents.Where(e => ids.Contains(e.Id) && !e.Folded).ExecuteUpdateAsync(s => s.SetProperty(e => e.Folded, true), token);
            if (claimed != events.Count) throw new FoldTakenException();

            var conversationIds = events.Select(e => e.ConversationId).Distinct().ToList();
            var facts = await FactsAsync(db, conversationIds, token);
            var cycles = await db.ConversationCycles.Where(c => conversationIds.Contains(c.ConversationId) && c.IsLatest).ToListAsync(token);
            var batch = new FoldBatch(facts, cycles);
            foreach (var e in events) batch.Apply(e);

            db.ConversationCycles.AddRange(batch.NewCycles);
            await MergeHoursAsync(db, batch.Hours, token);
            await StampAsync(db, events.Count, token);
            await db.SaveChangesAsync(token);
            return events.Count;
        }, cancellationToken);
    }

    private static async Task<Dictionary<int, ConversationFacts>> FactsAsync(CommHubDbContext db, List<int> ids, CancellationToken token) =>
        (await db.Conversations.Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.ChannelId, Labels = c.Labels.Select(l => l.Id).ToList() })
            .ToListAsync(token))
        .ToDictionary(c => c.Id, c => new ConversationFacts(c.ChannelId, c.Labels));

    /// <summary>Adds the batch's deltas to the stored hours (the claim makes this fold the only writer), inserting new ones.</summary>
    private static async Task MergeHoursAsync(CommHubDbContext db, Dictionary<HourKey, AnalyticsHour> deltas, CancellationToken token)
    {
        if (deltas.Count == 0) return;
        var hours = deltas.Keys.Select(k => k.HourStart).Distinct().ToList();
        var channels = deltas.Keys.Select(k => k.ChannelId).Distinct().ToList();
        var stored = (await db.AnalyticsHours.Where(h => hours.Contains(h.HourStart) && channels.Contains(h.ChannelId)).ToListAsync(token))
            .ToDictionary(h => new HourKey(h.HourStart, h.ChannelId, h.AgentKey, h.LabelId));
        foreach (var (key, delta) in deltas)
        {
            if (stored.TryGetValue(key, out var row)) HourSums.AddTo(row, delta);
            else db.AnalyticsHours.Add(delta);
        }
    }

    private async Task StampAsync(CommHubDbContext db, int folded, CancellationToken token)
    {
        var state = await db.AnalyticsStates.SingleOrDefaultAsync(s => s.Id == AnalyticsOptions.StateId, token);
        if (state is null) db.AnalyticsStates.Add(state = new AnalyticsState { Id = AnalyticsOptions.StateId });
        state.LastFoldAt = clock.GetUtcNow().UtcDateTime;
        state.FoldedEvents += folded;
    }

    private sealed class FoldTakenException : Exception;
}
