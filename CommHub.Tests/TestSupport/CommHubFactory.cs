using CommHub.Core.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CommHub.Tests.TestSupport;

/// <summary>
/// The real app on a real SQLite file in a fresh folder; one per test class (IClassFixture).
/// Subclasses and <see cref="Settings"/> change configuration before the host starts.
/// </summary>
public class CommHubFactory : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@commhub.test";
    public const string AdminPassword = "correct horse battery staple";

    public string DataPath { get; } = Path.Combine(Path.GetTempPath(), "commhub-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Configuration on top of the test defaults; set before the first use of the factory.</summary>
    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["CommHub:Bootstrap:AdminEmail"] = AdminEmail,
        ["CommHub:Bootstrap:AdminPassword"] = AdminPassword,
        // Re-read the user on every request, so tests see a disabled user's session end at once.
        ["CommHub:Security:SessionRevalidationInterval"] = "00:00:00",
        ["CommHub:Jobs:WorkerCount"] = "1",
        // The suite signs in, registers and sends far faster than a person, all from one address; RateLimitTests set low limits.
        ["CommHub:RateLimits:SignInPerMinute"] = "100000",
        ["CommHub:RateLimits:RegistrationsPerMinute"] = "100000",
        ["CommHub:RateLimits:MessageBurst"] = "100000",
        ["CommHub:RateLimits:UploadBurst"] = "100000",
    };

    /// <summary>The PostgreSQL database this factory made with <see cref="UsePostgres"/>, if any.</summary>
    public string? PostgresDatabase { get; private set; }

    /// <summary>
    /// Runs the app on a fresh database of the test run's PostgreSQL server instead of SQLite; the database is
    /// dropped when the factory is disposed. Call it before the first use of the factory.
    /// </summary>
    public void UsePostgres()
    {
        PostgresDatabase ??= PostgresServer.Shared.CreateDatabase();
        Settings["Database:Provider"] = "PostgreSql";
        Settings["ConnectionStrings:CommHub"] = PostgresServer.Shared.ConnectionString(PostgresDatabase);
    }

    /// <summary>
    /// For tests that run the outbox, the media pipeline or the rules themselves: the recurring sweeps (every minute) never
    /// fire, so one cannot start a send in the middle of the test. Call it before the first use of the factory.
    /// </summary>
    public void StopSweeps() => Settings["CommHub:Jobs:SweepCron"] = "0 0 31 2 *"; // Hangfire's Cron.Never()

    /// <summary>Extra service registrations that replace the app's (a fake clock, say).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("CommHub:DataPath", DataPath);
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        if (ConfigureServices is not null) builder.ConfigureServices(ConfigureServices);
    }

    /// <summary>A client that keeps cookies and does not follow redirects, over https so Secure cookies flow.</summary>
    public HttpClient CreateBrowserLikeClient() => CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri("https://localhost"),
        AllowAutoRedirect = false,
        HandleCookies = true,
    });

    public async Task<CommHubDbContext> CreateDbAsync() =>
        await Services.GetRequiredService<IDbContextFactory<CommHubDbContext>>().CreateDbContextAsync();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (PostgresDatabase is not null) PostgresServer.Shared.DropDatabase(PostgresDatabase);
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a finishing background thread; the temp folder is cleaned eventually.
        }
        GC.SuppressFinalize(this);
    }
}
