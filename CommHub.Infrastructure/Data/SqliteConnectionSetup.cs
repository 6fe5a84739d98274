using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CommHub.Infrastructure.Data;

/// <summary>
/// Each SQLite connection waits inside SQLite for a writer to finish (busy_timeout) instead of failing at once with
/// SQLITE_BUSY: Microsoft.Data.Sqlite retries a busy statement only after sleeping a fixed interval, so under a burst of
/// writers (webhook posts, drains, replies) every collision would cost that whole interval.
/// </summary>
internal sealed class SqliteConnectionSetup : DbConnectionInterceptor
{
    public const int BusyTimeoutMilliseconds = 10_000;
    private const string Sql = "PRAGMA busy_timeout = 10000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Sql;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
