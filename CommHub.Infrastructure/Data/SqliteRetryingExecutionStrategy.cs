using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage;

namespace CommHub.Infrastructure.Data;

/// <summary>
/// SQLite's execution strategy: a unit of work that found the database busy or locked (another writer held it past the
/// busy timeout) is run again. Being a retrying strategy, it also makes SQLite refuse a transaction opened outside the
/// strategy, as SQL Server's retrying strategy does, so that class of bug fails on the embedded default and in its tests.
/// </summary>
public sealed class SqliteRetryingExecutionStrategy(ExecutionStrategyDependencies dependencies)
    : ExecutionStrategy(dependencies, maxRetryCount: 4, maxRetryDelay: TimeSpan.FromSeconds(2))
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    protected override bool ShouldRetryOn(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked };
}
