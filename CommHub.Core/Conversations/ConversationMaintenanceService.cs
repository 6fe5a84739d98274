using CommHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CommHub.Core.Conversations;

/// <summary>Time-driven changes to conversations, run by recurring jobs; each is safe to run twice.</summary>
public sealed class ConversationMaintenanceService(IDbContextFactory<CommHubDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Snoozed conversations whose time has come become Open again, at the top of the inbox.</summary>
    public async Task<int> WakeSnoozedAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Conversations
            .Where(c => c.Status == ConversationStatus.Snoozed && c.SnoozedUntil <= now)
            .ExecuteUpdateAsync(s => s
                .SetProperty(c => c.Status, ConversationStatus.Open)
                .SetProperty(c => c.SnoozedUntil, (DateTime?)null)
                .SetProperty(c => c.LastActivityAt, now)
                .SetProperty(c => c.UpdatedAt, now), cancellationToken);
    }
}
