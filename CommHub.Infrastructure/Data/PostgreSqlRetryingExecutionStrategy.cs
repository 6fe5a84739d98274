using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL;

namespace CommHub.Infrastructure.Data;

/// <summary>
/// PostgreSQL's execution strategy: Npgsql's <c>EnableRetryOnFailure</c> (the same transient errors, waits growing to
/// 30 s for a server that is away), except for a lost race. A serializable unit (ingest's find-or-create) that collided
/// with another fails with a serialization error or a deadlock, which clears as soon as the winner commits: it is tried
/// again within a short, random and growing wait, so that a handful of messages into one conversation at once finish
/// one after another instead of colliding again at the same moment.
/// </summary>
public sealed class PostgreSqlRetryingExecutionStrategy(ExecutionStrategyDependencies dependencies)
    : NpgsqlRetryingExecutionStrategy(dependencies, MaxRetries, DefaultMaxDelay, errorCodesToAdd: null)
{
    private const int MaxRetries = 10;

    protected override TimeSpan? GetNextDelay(Exception lastException)
    {
        var delay = base.GetNextDelay(lastException);
        if (delay is null || !IsLostRace(lastException)) return delay;
        return TimeSpan.FromMilliseconds(Random.Shared.Next(10, 100) * ExceptionsEncountered.Count);
    }

    private static bool IsLostRace(Exception exception) =>
        (exception as PostgresException ?? exception.InnerException as PostgresException)
            is { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected };
}
