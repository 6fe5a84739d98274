using CommHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CommHub.Infrastructure.Data;

// One derived type per provider, only so that each carries its own migration set
// (Data/Migrations/Sqlite, Data/Migrations/SqlServer and Data/Migrations/PostgreSql). The model is CommHubDbContext's.

public sealed class SqliteCommHubDbContext(DbContextOptions<SqliteCommHubDbContext> options) : CommHubDbContext(options);

public sealed class SqlServerCommHubDbContext(DbContextOptions<SqlServerCommHubDbContext> options) : CommHubDbContext(options);

public sealed class PostgreSqlCommHubDbContext(DbContextOptions<PostgreSqlCommHubDbContext> options) : CommHubDbContext(options);

/// <summary>Hands out the provider's context as the provider-neutral type the services ask for.</summary>
internal sealed class NeutralDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<CommHubDbContext>
    where TContext : CommHubDbContext
{
    public CommHubDbContext CreateDbContext() => inner.CreateDbContext();

    public async Task<CommHubDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        await inner.CreateDbContextAsync(cancellationToken);
}
