using CommHub.Core;
using CommHub.Core.Conversations;
using CommHub.Infrastructure;
using CommHub.Infrastructure.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CommHub.Benchmarks;

/// <summary>A seeded SQLite database in its own folder, and the app's own services over it.</summary>
internal sealed class BenchDatabase(IHost host, SeededData data, int conversations, int messages) : IDisposable
{
    public SeededData Data => data;
    public int Conversations => conversations;
    public int Messages => messages;
    public string SqliteFile => host.Services.GetRequiredService<DataPaths>().SqliteFile;
    public InboxQueryService Inbox => host.Services.GetRequiredService<InboxQueryService>();
    public ConversationService Threads => host.Services.GetRequiredService<ConversationService>();
    public IServiceProvider Services => host.Services;

    public static async Task<BenchDatabase> CreateAsync(
        string folder, int conversations, int messages, DateTime now, SqlCapture? capture, Func<int, string>? textSuffix = null)
    {
        Directory.CreateDirectory(folder);
        var host = BuildHost(folder, capture);
        // The app's own start-up step: the real migrations (SqliteCommHubDbContext), then WAL.
        await host.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        var data = new Seeder(conversations, messages, now) { TextSuffix = textSuffix }.Seed(host.Services.GetRequiredService<DataPaths>().SqliteFile);
        return new BenchDatabase(host, data, conversations, messages);
    }

    /// <summary>
    /// The container as the app composes it (AddCommHubCore + AddCommHubInfrastructure), built but never started:
    /// starting would also bootstrap an admin and run Hangfire, which are not what is measured.
    /// </summary>
    internal static IHost BuildHost(string folder, SqlCapture? capture, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ContentRootPath = folder,
            EnvironmentName = Environments.Production,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CommHub:DataPath"] = folder,
            // Pinned, so a connection string in the environment can never point the benchmark at a real database.
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:CommHub"] = "",
            // The app's own levels (CommHub.Web/appsettings.json): SQL commands are not logged, unless BENCH_SQL=Information
            // asks for EF's command log with each statement's time (how the retention figures were taken apart).
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = Environment.GetEnvironmentVariable("BENCH_SQL") ?? "Warning",
        });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        if (capture is not null)
        {
            builder.Logging.AddProvider(capture);
            builder.Logging.AddFilter<SqlCapture>(SqlCapture.Category, LogLevel.Information);
        }
        builder.Services.AddCommHubCore();
        builder.Services.AddCommHubInfrastructure(builder.Configuration);
        return builder.Build();
    }

    public void Dispose() => host.Dispose();
}
