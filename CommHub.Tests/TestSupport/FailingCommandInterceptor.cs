using System.Data.Common;
using CommHub.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.TestSupport;

/// <summary>Makes the app's SQL commands whose text matches fail, as a database that has gone away would; the rest run.</summary>
public sealed class FailingCommandInterceptor : DbCommandInterceptor
{
    /// <summary>Which commands fail, by their SQL; null lets all through.</summary>
    public Func<string, bool>? FailWhen { get; set; }

    /// <summary>How many commands it has failed.</summary>
    public int Failed { get; private set; }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }

    private void Check(DbCommand command)
    {
        if (FailWhen?.Invoke(command.CommandText) != true) return;
        Failed++;
        throw new InvalidOperationException("The database refused the command (made to fail by the test).");
    }

    /// <summary>Adds the interceptor to the app's contexts (SQLite and PostgreSQL), after the app's own.</summary>
    public void AddTo(IServiceCollection services)
    {
        services.ConfigureDbContext<SqliteCommHubDbContext>((_, options) => options.AddInterceptors(this));
        services.ConfigureDbContext<PostgreSqlCommHubDbContext>((_, options) => options.AddInterceptors(this));
    }
}
