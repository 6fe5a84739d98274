using CommHub.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace CommHub.Core.Data;

/// <summary>Stamps CreatedAt/UpdatedAt on every <see cref="IAuditable"/> entity that is saved.</summary>
public sealed class AuditFieldsInterceptor(TimeProvider clock) : SaveRecorder
{
    protected override void Record(DbContext? context)
    {
        if (context is null) return;
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var entry in context.ChangeTracker.Entries<IAuditable>())
        {
            if (entry.State == EntityState.Added) StampNew(entry.Entity, now);
            else if (entry.State == EntityState.Modified) entry.Entity.UpdatedAt = now;
        }
    }

    /// <summary>Stamps an entity inserted without change tracking.</summary>
    public void StampNew(IAuditable entity) => StampNew(entity, clock.GetUtcNow().UtcDateTime);

    /// <summary>Stamps an entity updated without change tracking.</summary>
    public void StampModified(IAuditable entity) => entity.UpdatedAt = clock.GetUtcNow().UtcDateTime;

    private static void StampNew(IAuditable entity, DateTime now)
    {
        // Keep a time the caller set on purpose (imports, demo data); stamp the rest.
        if (entity.CreatedAt == default) entity.CreatedAt = now;
        if (entity.UpdatedAt == default) entity.UpdatedAt = entity.CreatedAt;
    }
}
