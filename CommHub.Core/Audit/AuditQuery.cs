using CommHub.Core.Common;
using System.Globalization;
using CommHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CommHub.Core.Audit;

/// <summary>Which entries to show: by person (a user id, or <see cref="SystemUser"/> for jobs), action and period (UTC, end exclusive).</summary>
public sealed record AuditFilter(string? UserId = null, string? Action = null, DateTime? From = null, DateTime? To = null)
{
    public const string SystemUser = "system";
}

public sealed record AuditPerson(string Id, string Name);

public sealed record AuditRow(long Id, DateTime At, string? UserId, string Who, string Action, string EntityType, string? EntityId, string? Details);

/// <summary>Reading the audit trail for /admin/audit and its CSV download, newest first.</summary>
public sealed class AuditQuery(IDbContextFactory<CommHubDbContext> dbFactory)
{
    public const int PageSize = 200;

    public async Task<IReadOnlyList<AuditRow>> SearchAsync(AuditFilter filter, int take = PageSize, long? beforeId = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = Filtered(db, filter);
        if (beforeId is { } before) query = query.Where(a => a.Id < before);
        var rows = await query.OrderByDescending(a => a.Id).Take(take)
            .Select(a => new
            {
                a.Id, a.At, a.UserId, a.Action, a.EntityType, a.EntityId, a.Details,
                Who = db.Users.Where(u => u.Id == a.UserId).Select(u => u.Email).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new AuditRow(r.Id, r.At, r.UserId, r.UserId is null ? "System" : r.Who ?? "(deleted user)", r.Action, r.EntityType, r.EntityId, r.Details)).ToList();
    }

    /// <summary>The people and actions that appear in the trail, for the filters.</summary>
    public async Task<(IReadOnlyList<AuditPerson> People, IReadOnlyList<string> Actions)> ChoicesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var actions = await db.AuditEntries.Select(a => a.Action).Distinct().OrderBy(a => a).ToListAsync(cancellationToken);
        var people = await db.Users.Where(u => db.AuditEntries.Any(a => a.UserId == u.Id)).OrderBy(u => u.Email)
            .Select(u => new AuditPerson(u.Id, u.Email ?? u.Id)).ToListAsync(cancellationToken);
        return ([new AuditPerson(AuditFilter.SystemUser, "System (jobs)"), .. people], actions);
    }

    /// <summary>The filtered trail as CSV (RFC 4180), every row, newest first.</summary>
    public async Task WriteCsvAsync(AuditFilter filter, TextWriter writer, CancellationToken cancellationToken = default)
    {
        await writer.WriteLineAsync("at_utc,who,action,entity_type,entity_id,details");
        long? before = null;
        while (true)
        {
            var page = await SearchAsync(filter, 1000, before, cancellationToken);
            foreach (var r in page)
            {
                await writer.WriteLineAsync(string.Join(',',
                    CsvField.Escape(r.At.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)), CsvField.Escape(r.Who), CsvField.Escape(r.Action), CsvField.Escape(r.EntityType), CsvField.Escape(r.EntityId), CsvField.Escape(r.Details)));
            }
            if (page.Count < 1000) return;
            before = page[^1].Id;
        }
    }

    private static IQueryable<AuditEntry> Filtered(CommHubDbContext db, AuditFilter filter)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (filter.UserId == AuditFilter.SystemUser) query = query.Where(a => a.UserId == null);
        else if (!string.IsNullOrEmpty(filter.UserId)) query = query.Where(a => a.UserId == filter.UserId);
        if (!string.IsNullOrEmpty(filter.Action)) query = query.Where(a => a.Action == filter.Action);
        if (filter.From is { } from) query = query.Where(a => a.At >= from);
        if (filter.To is { } to) query = query.Where(a => a.At < to);
        return query;
    }
}
