using CommHub.Core.Attachments;
using CommHub.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommHub.Core.Retention;

/// <summary>
/// Works through the durable list of blobs whose rows are gone. Deleting a missing blob is fine, so a blob deleted just
/// before a crash (its row not yet removed) is simply deleted again: safe to run twice, resumes where it stopped.
/// </summary>
public sealed class PendingBlobDeletes(
    IDbContextFactory<CommHubDbContext> dbFactory, IBlobStore blobs, IOptions<RetentionOptions> options, ILogger<PendingBlobDeletes> logger)
{
    private const int Parallelism = 8;

    /// <summary>One pass over the list; a blob that fails stays listed, with its error, for the next run.</summary>
    public async Task<BlobDeleteCounts> DrainAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        long after = 0;
        var (deleted, failed) = (0, 0);
        while (true)
        {
            var due = await db.PendingBlobDeletes.AsNoTracking().Where(p => p.Id > after).OrderBy(p => p.Id)
                .Take(options.Value.BlobBatchSize).ToListAsync(cancellationToken);
            if (due.Count == 0) return new BlobDeleteCounts(deleted, failed);
            after = due[^1].Id;
            var errors = new System.Collections.Concurrent.ConcurrentDictionary<long, string>();
            await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (p, token) =>
            {
                try
                {
                    await blobs.DeleteAsync(p.BlobKey, token);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    errors[p.Id] = e.Message.Length > 1000 ? e.Message[..1000] : e.Message;
                }
            });
            var done = due.Where(p => !errors.ContainsKey(p.Id)).Select(p => p.Id).ToList();
            deleted += await db.PendingBlobDeletes.Where(p => done.Contains(p.Id)).ExecuteDeleteAsync(cancellationToken);
            foreach (var (id, error) in errors)
            {
                logger.LogWarning("Could not delete blob of pending delete {Id}: {Error}", id, error);
                await db.PendingBlobDeletes.Where(p => p.Id == id)
                    .ExecuteUpdateAsync(s => s.SetProperty(p => p.Attempts, p => p.Attempts + 1).SetProperty(p => p.LastError, error), cancellationToken);
            }
            failed += errors.Count;
        }
    }
}

public sealed record BlobDeleteCounts(int Deleted, int Failed);
