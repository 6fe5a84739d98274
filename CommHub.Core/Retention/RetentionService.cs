using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CommHub.Core.Audit;
using CommHub.Core.Conversations;
using CommHub.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommHub.Core.Retention;

/// <summary>What one run deleted in one channel.</summary>
public sealed record ChannelPurge(int ChannelId, string Channel, DateTime Cutoff, DeletedCounts Deleted);

/// <param name="RowsDuration">The database part: batches of messages, attachments and conversations; the rest is blob deletes.</param>
public sealed record RetentionRun(IReadOnlyList<ChannelPurge> Channels, BlobDeleteCounts Blobs, TimeSpan Duration, TimeSpan RowsDuration)
{
    public DeletedCounts Total => Channels.Aggregate(DeletedCounts.None, (sum, c) => sum.Add(c.Deleted));
}

/// <summary>
/// The retention run: per channel, messages older than its period go in short batches (one transaction each, so the inbox's
/// writers wait at most one batch), conversations on legal hold untouched; then their files. Safe to run twice; a run
/// stopped half way leaves only whole batches done and its files listed, and the next run carries on.
/// </summary>
public sealed class RetentionService(
    IDbContextFactory<CommHubDbContext> dbFactory, PendingBlobDeletes blobs, AuditLog audit, IOptions<RetentionOptions> options, TimeProvider clock)
{
    public async Task<RetentionRun> RunAsync(CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.StartNew();
        // Files of a run that stopped after its rows were deleted.
        var leftover = await blobs.DrainAsync(cancellationToken);
        var rows = Stopwatch.StartNew();
        var purges = new List<ChannelPurge>();
        foreach (var policy in await PoliciesAsync(cancellationToken))
        {
            var deleted = await PurgeChannelAsync(policy, cancellationToken);
            if (deleted.Messages > 0) purges.Add(policy with { Deleted = deleted });
        }
        rows.Stop();
        var files = await blobs.DrainAsync(cancellationToken);
        var run = new RetentionRun(purges, new BlobDeleteCounts(leftover.Deleted + files.Deleted, files.Failed), started.Elapsed, rows.Elapsed);
        await audit.RecordAsync(null, AuditActions.RetentionRun, "Retention", null, Describe(run), cancellationToken);
        return run;
    }

    /// <summary>Every channel with a period (its own or the default), with the instant its messages expire before.</summary>
    private async Task<List<ChannelPurge>> PoliciesAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var defaultDays = await db.RetentionSettings.Select(s => s.DefaultDays).FirstOrDefaultAsync(cancellationToken);
        var channels = await db.Channels.AsNoTracking().Select(c => new { c.Id, c.Name, c.RetentionDays, c.BusinessHours }).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        return channels.Where(c => (c.RetentionDays ?? defaultDays) is not null)
            .Select(c => new ChannelPurge(c.Id, c.Name, Cutoff(now, (c.RetentionDays ?? defaultDays)!.Value, c.BusinessHours?.TimeZoneId), DeletedCounts.None))
            .ToList();
    }

    internal DateTime Cutoff(DateTimeOffset now, int days, string? timeZoneId) =>
        RetentionCutoff.For(now, days, RetentionCutoff.Zone(timeZoneId, options.Value.DefaultTimeZone));

    internal static IQueryable<Message> Expired(CommHubDbContext db, int channelId, DateTime cutoff) =>
        db.Messages.Where(m => m.ChannelId == channelId && m.CreatedAt < cutoff && !m.Conversation!.LegalHold);

    private async Task<DeletedCounts> PurgeChannelAsync(ChannelPurge policy, CancellationToken cancellationToken)
    {
        var total = DeletedCounts.None;
        var (channelId, cutoff) = (policy.ChannelId, policy.Cutoff);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        while (true)
        {
            // The batch ends at the time of the BatchSize-th oldest expired message: an index range, read outside the
            // transaction; the delete re-checks holds under the conversations' locks.
            var expired = Expired(db, channelId, cutoff).OrderBy(m => m.CreatedAt).Select(m => m.CreatedAt);
            if (!await expired.AnyAsync(cancellationToken)) return total;
            var end = await expired.Skip(options.Value.BatchSize - 1).Select(at => (DateTime?)at).FirstOrDefaultAsync(cancellationToken) ?? cutoff;
            var batch = db.Messages.Where(m => m.ChannelId == channelId && m.CreatedAt < cutoff && m.CreatedAt <= end);
            var now = clock.GetUtcNow().UtcDateTime;
            var deleted = await db.InTransactionAsync(token => MessageDeleter.DeleteAsync(db, batch, now, token), cancellationToken);
            db.ChangeTracker.Clear();
            total = total.Add(deleted);
            if (deleted.Messages == 0) return total;
        }
    }

    private static string Describe(RetentionRun run) => JsonSerializer.Serialize(new
    {
        durationMs = (long)run.Duration.TotalMilliseconds,
        rowsMs = (long)run.RowsDuration.TotalMilliseconds,
        messages = run.Total.Messages,
        files = run.Total.Files,
        conversations = run.Total.Conversations,
        blobsDeleted = run.Blobs.Deleted,
        blobsFailed = run.Blobs.Failed,
        channels = run.Channels.Select(c => new
        {
            id = c.ChannelId,
            name = c.Channel,
            before = c.Cutoff.ToString("O", CultureInfo.InvariantCulture),
            messages = c.Deleted.Messages,
            files = c.Deleted.Files,
            conversations = c.Deleted.Conversations,
        }),
    });
}
