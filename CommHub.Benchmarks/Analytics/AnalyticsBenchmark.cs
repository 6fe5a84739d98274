using System.Diagnostics;
using System.Globalization;
using CommHub.Core.Analytics;
using CommHub.Infrastructure.Data;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Benchmarks.Analytics;

/// <summary>
/// Analytics over a year of data: the seeder's conversations and messages, their journal, a full rebuild of the rollups,
/// folding 10,000 new messages, and the p95 of everything the page loads for 30 and 365 days (AnalyticsService.ReportAsync,
/// which is every query of the page but the filter choices), on SQLite.
/// </summary>
internal static class AnalyticsBenchmark
{
    private const string Usage = "dotnet run -c Release --project CommHub.Benchmarks -- analytics [--conversations 100000] [--iterations 20] [--batch 5000]";

    public static async Task<int> RunAsync(string[] args)
    {
        int conversations = 100_000, iterations = 20, batch = new AnalyticsOptions().FoldBatchSize;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--conversations" && i + 1 < args.Length && int.TryParse(args[++i], out var n) && n >= 1_000) conversations = n;
            else if (args[i] == "--iterations" && i + 1 < args.Length && int.TryParse(args[++i], out var m) && m >= 1) iterations = m;
            else if (args[i] == "--batch" && i + 1 < args.Length && int.TryParse(args[++i], out var b) && b >= 100) batch = b;
            else
            {
                Console.Error.WriteLine($"Unknown or invalid argument '{args[i]}'.\nUsage: {Usage}");
                return 2;
            }
        }
        var root = Directory.CreateTempSubdirectory("commhub-analytics-bench-").FullName;
        try
        {
            return await RunAsync(root, conversations, iterations, batch);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<int> RunAsync(string root, int conversations, int iterations, int batch)
    {
        var now = DateTime.UtcNow;
        Console.WriteLine($"Seeding {conversations:N0} conversations and {conversations * 10:N0} messages over a year into {root} ...");
        using var db = await BenchDatabase.CreateAsync(root, conversations, conversations * 10, now, null);
        var events = AnalyticsJournalSeed.FromSeededRows(db.SqliteFile);
        Console.WriteLine($"Seeded in {db.Data.Elapsed.TotalSeconds:0.0} s; journal: {events:N0} events.");
        using var host = BenchDatabase.BuildHost(root, null, new Dictionary<string, string?> { ["CommHub:Analytics:FoldBatchSize"] = batch.ToString(CultureInfo.InvariantCulture) });
        var folder = host.Services.GetRequiredService<AnalyticsFolder>();
        var service = host.Services.GetRequiredService<AnalyticsService>();

        var rebuild = await TimeAsync(() => folder.RebuildAsync());
        Console.WriteLine($"Full rebuild: {rebuild.Rows:N0} events in {rebuild.Seconds:0.0} s");
        AnalyticsJournalSeed.NewMessages(db.SqliteFile, 10_000, db.Data.AgentIds, conversations, now);
        var fold = await TimeAsync(() => folder.FoldAsync());
        Console.WriteLine($"Fold of 10,000 new messages: {fold.Seconds * 1000:0} ms (target ≤ 1,000 ms)");

        var today = DateOnly.FromDateTime(now);
        var agent = db.Data.AgentIds[0];
        AnalyticsFilter Days(int n) => new(today.AddDays(1 - n), today, "Europe/Berlin");
        var cases = new List<Case>
        {
            Report("30 days", service, Days(30)),
            Report("30 days, one channel", service, Days(30) with { ChannelId = 1 }),
            Report("30 days, one agent", service, Days(30) with { AgentId = agent }),
            Report("30 days, one label", service, Days(30) with { LabelId = 1 }),
            Report("365 days", service, Days(365)),
            Report("365 days, one channel", service, Days(365) with { ChannelId = 1 }),
            Report("365 days, one agent", service, Days(365) with { AgentId = agent }),
            Report("365 days, one label", service, Days(365) with { LabelId = 1 }),
            new("filter choices (channels, agents, labels)", async () => (await service.ChoicesAsync()).Agents.Count),
        };
        var figures = await Measure.RoundRobinAsync(cases, warmup: 3, iterations);
        Print(conversations, events, rebuild, fold, figures, iterations);
        return 0;
    }

    private static Case Report(string name, AnalyticsService service, AnalyticsFilter filter) =>
        new($"page load, {name}", async () => (await service.ReportAsync(filter)).Current.MessagesIn);

    private static async Task<(int Rows, double Seconds)> TimeAsync(Func<Task<int>> run)
    {
        var start = Stopwatch.GetTimestamp();
        var rows = await run();
        return (rows, Stopwatch.GetElapsedTime(start).TotalSeconds);
    }

    private static void Print(int conversations, int events, (int Rows, double Seconds) rebuild, (int Rows, double Seconds) fold, IReadOnlyList<Figure> figures, int iterations)
    {
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[..3] : ["?", "?", "?"];
        Console.WriteLine();
        Console.WriteLine($"Analytics, SQLite, {conversations:N0} conversations, {conversations * 10:N0} messages, {events:N0} journal events; "
            + $"{Environment.ProcessorCount} cores, load average {string.Join(' ', load)}; {iterations} rounds");
        Console.WriteLine($"| what | rows | p50 ms | p95 ms | target |");
        Console.WriteLine($"|---|---:|---:|---:|---|");
        Console.WriteLine($"| full rebuild | {rebuild.Rows:N0} events | | {rebuild.Seconds * 1000:N0} | reported |");
        Console.WriteLine($"| fold 10,000 new messages | {fold.Rows:N0} events | | {fold.Seconds * 1000:N0} | ≤ 1,000 ms: {(fold.Seconds <= 1 ? "met" : "missed")} |");
        foreach (var f in figures)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {f.Name} | {f.Rows:N0} | {f.P50:0.0} | {f.P95:0.0} | ≤ 100 ms: {(f.P95 <= 100 ? "met" : "missed")} |"));
    }
}
