using CommHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CommHub.Core.Conversations;

/// <summary>Time-driven changes to conversations, run by recurring jobs; each is safe to run twice.</summary>
public sealed class ConversationMaintenanceService(
    IDbContextFactory<CommHubDbContext> dbFactory, ConversationNotifier notifier, TimeProvider clock)
{
    private const int Batch = 500;

    /// <summary>Snoozed conversations whose time has come become Open again, at the top of the inbox.</summary>
    public async Task<int> WakeSnoozedAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var woken = 0;
        while (true)
        {
            var due = await db.Conversations
                .Where(c => c.Status == ConversationStatus.Snoozed && c.SnoozedUntil <= now)
                .OrderBy(c => c.SnoozedUntil).Select(c => c.Id).Take(Batch)
                .ToListAsync(cancellationToken);
            if (due.Count == 0) return woken;
            // The status condition again: an agent may have changed the conversation since it was read.
            woken += await db.Conversations
                .Where(c => due.Contains(c.Id) && c.Status == ConversationStatus.Snoozed)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(c => c.Status, ConversationStatus.Open)
                    .SetProperty(c => c.SnoozedUntil, (DateTime?)null)
                    .SetProperty(c => c.LastActivityAt, now)
                    .SetProperty(c => c.UpdatedAt, now), cancellationToken);
            foreach (var id in due) notifier.Publish(new LiveEvent(LiveEventKind.ConversationUpdated, id));
        }
    }
}
