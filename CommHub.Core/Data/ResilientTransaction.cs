using System.Data;
using Microsoft.EntityFrameworkCore;

namespace CommHub.Core.Data;

/// <summary>
/// The one way to run a unit of work in a transaction: inside the provider's execution strategy (eShop's
/// <c>ResilientTransaction</c>), so it works where the provider retries on transient failures (SQL Server's
/// <c>EnableRetryOnFailure</c>, SQLite's busy retries). A bare <c>BeginTransactionAsync</c> on such a provider throws.
/// </summary>
public static class ResilientTransaction
{
    /// <summary>
    /// Runs <paramref name="work"/> in a transaction and commits it. On a transient failure the whole unit is run again
    /// from the start on an emptied change tracker, so <paramref name="work"/> must build everything it saves itself
    /// (read again, create again) rather than reuse entities from an earlier attempt.
    /// </summary>
    public static Task<T> InTransactionAsync<T>(this CommHubDbContext db, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken = default) =>
        db.InTransactionAsync(IsolationLevel.Unspecified, work, cancellationToken);

    /// <param name="isolation">
    /// <see cref="IsolationLevel.Serializable"/> for a unit that reads and then creates what it did not find (find or create a
    /// contact, a thread, a label). On a server database two such units at once would both create; serializable makes one
    /// of them fail with a serialization error or deadlock, which the execution strategy retries, and the retry finds the
    /// row. SQLite, one writer at a time, is serializable anyway.
    /// </param>
    public static Task<T> InTransactionAsync<T>(
        this CommHubDbContext db, IsolationLevel isolation, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken = default)
    {
        var attempt = 0;
        return db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            if (attempt++ > 0) db.ChangeTracker.Clear();
            await using var transaction = isolation == IsolationLevel.Unspecified
                ? await db.Database.BeginTransactionAsync(token)
                : await db.Database.BeginTransactionAsync(isolation, token);
            var result = await work(token);
            await transaction.CommitAsync(token);
            return result;
        }, cancellationToken);
    }

    public static Task InTransactionAsync(this CommHubDbContext db, Func<CancellationToken, Task> work, CancellationToken cancellationToken = default) =>
        db.InTransactionAsync(async token =>
        {
            await work(token);
            return true;
        }, cancellationToken);
}
