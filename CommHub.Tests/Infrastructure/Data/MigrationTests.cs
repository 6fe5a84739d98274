using CommHub.Infrastructure.Data;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CommHub.Tests.Infrastructure.Data;

public sealed class MigrationTests(CommHubFactory factory) : IClassFixture<CommHubFactory>
{
    private static SqlServerCommHubDbContext SqlServerContext() =>
        new(new DbContextOptionsBuilder<SqlServerCommHubDbContext>()
            .UseSqlServer("Server=unreachable.invalid;Database=CommHub;Trusted_Connection=True").Options);

    [Fact]
    public void SqlServerMigrations_GenerateAFullScript_WithoutAServer()
    {
        using var db = SqlServerContext();

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("CREATE TABLE [Conversations]", script);
        Assert.Contains("CREATE TABLE [Messages]", script);
        Assert.Contains("CREATE TABLE [AspNetUsers]", script);
        // The dedupe index: unique per channel, NULL external ids allowed many times.
        Assert.Contains("CREATE UNIQUE INDEX [IX_Messages_ChannelId_ExternalId] ON [Messages] ([ChannelId], [ExternalId]) WHERE [ExternalId] IS NOT NULL", script);
        Assert.Contains("CREATE INDEX [IX_Conversations_Status_LastActivityAt_Id]", script);
    }

    [Fact]
    public void BothMigrationSets_MatchTheModel()
    {
        using var sqlServer = SqlServerContext();
        using var sqlite = new SqliteCommHubDbContext(new DbContextOptionsBuilder<SqliteCommHubDbContext>().UseSqlite("Data Source=:memory:").Options);

        Assert.False(sqlServer.Database.HasPendingModelChanges(), "SQL Server migrations are behind the model: add a migration.");
        Assert.False(sqlite.Database.HasPendingModelChanges(), "SQLite migrations are behind the model: add a migration.");
        Assert.Equal(
            sqlServer.Database.GetMigrations().Select(m => m[15..]),
            sqlite.Database.GetMigrations().Select(m => m[15..]));
    }

    [Fact]
    public void PostgreSqlMigrations_MatchTheModel()
    {
        using var postgres = new PostgreSqlCommHubDbContext(new DbContextOptionsBuilder<PostgreSqlCommHubDbContext>()
            .UseNpgsql("Host=unreachable.invalid;Database=CommHub").Options);

        Assert.False(postgres.Database.HasPendingModelChanges(), "PostgreSQL migrations are behind the model: add a migration.");
        Assert.NotEmpty(postgres.Database.GetMigrations());
    }

    [Fact]
    public async Task PostgreSqlMigrations_ApplyToARealServer_WithTimestamptzAndTheDedupeIndex()
    {
        var server = PostgresServer.Shared;
        var name = server.CreateDatabase();
        try
        {
            await using var db = new PostgreSqlCommHubDbContext(new DbContextOptionsBuilder<PostgreSqlCommHubDbContext>()
                .UseNpgsql(server.ConnectionString(name)).Options);
            await db.Database.MigrateAsync();

            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT data_type FROM information_schema.columns WHERE table_name = 'Messages' AND column_name = 'CreatedAt';
                """;
            Assert.Equal("timestamp with time zone", (string?)await command.ExecuteScalarAsync());
            command.CommandText = "SELECT indexdef FROM pg_indexes WHERE indexname = 'IX_Messages_ChannelId_ExternalId';";
            // PostgreSQL's unique indexes let NULL external ids repeat without a filter.
            var index = (string?)await command.ExecuteScalarAsync();
            Assert.StartsWith("CREATE UNIQUE INDEX", index);
            Assert.EndsWith("(\"ChannelId\", \"ExternalId\")", index);
        }
        finally
        {
            server.DropDatabase(name);
        }
    }

    [Fact]
    public async Task TheAppsSqliteDatabase_IsMigrated_AndInWalMode()
    {
        await using var db = await factory.CreateDbAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
        Assert.StartsWith(factory.DataPath, connection.DataSource);
    }
}

/// <summary>The app configured with Database:Provider=PostgreSql really runs on it: migrated, and Hangfire's tables beside the app's.</summary>
public sealed class PostgresHostTests(PostgresFactory factory) : IClassFixture<PostgresFactory>
{
    [Fact]
    public async Task TheAppsPostgresDatabase_IsMigrated_AndHoldsHangfiresSchema()
    {
        await using var db = await factory.CreateDbAsync();

        Assert.True(db.Database.IsNpgsql());
        Assert.IsType<PostgreSqlCommHubDbContext>(db);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        var connection = db.Database.GetDbConnection();
        Assert.Equal(factory.PostgresDatabase, connection.Database);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'hangfire' AND table_name = 'job';";
        Assert.Equal(1L, (long?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task PostgreSqlWithoutAConnectionString_DoesNotStart_AndSaysWhatToSet()
    {
        await using var unconfigured = new CommHubFactory();
        unconfigured.Settings["Database:Provider"] = "PostgreSql";
        unconfigured.Settings["ConnectionStrings:CommHub"] = "";

        var error = Assert.ThrowsAny<Exception>(() => unconfigured.Services);

        Assert.Contains("Database:Provider is PostgreSql but ConnectionStrings:CommHub is empty", error.ToString(), StringComparison.Ordinal);
    }
}
