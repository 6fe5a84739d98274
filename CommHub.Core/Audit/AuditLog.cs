using System.Globalization;
using CommHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CommHub.Core.Audit;

/// <summary>
/// The one way anything writes the audit trail: who (null for the system), what, on which record, and a short detail that
/// names the record, never message content.
/// </summary>
public sealed class AuditLog(IDbContextFactory<CommHubDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Adds the entry to <paramref name="db"/>, to be saved with the change it records (same transaction).</summary>
    public void Add(CommHubDbContext db, string? userId, string action, string entityType, object? entityId, string? details) =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow().UtcDateTime,
            UserId = userId,
            Action = action,
            EntityType = entityType,
            EntityId = entityId is null ? null : Convert.ToString(entityId, CultureInfo.InvariantCulture),
            Details = details is { Length: > DetailsLength } ? details[..(DetailsLength - 1)] + "…" : details,
        });

    /// <summary>Writes the entry on its own, for changes saved elsewhere (Identity's user store).</summary>
    public async Task RecordAsync(string? userId, string action, string entityType, object? entityId, string? details, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        Add(db, userId, action, entityType, entityId, details);
        await db.SaveChangesAsync(cancellationToken);
    }

    private const int DetailsLength = 4000;
}
