using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CommHub.Infrastructure.Data;

// Used by `dotnet ef migrations add ... --context <Provider>CommHubDbContext`; no database is contacted.

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteCommHubDbContext>
{
    public SqliteCommHubDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteCommHubDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerCommHubDbContext>
{
    public SqlServerCommHubDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerCommHubDbContext>().UseSqlServer("Server=design-time;Database=CommHub;Trusted_Connection=True").Options);
}

internal sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlCommHubDbContext>
{
    public PostgreSqlCommHubDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlCommHubDbContext>().UseNpgsql("Host=design-time;Database=CommHub").Options);
}
