using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using CommHub.Core.Channels;
using CommHub.Core.Data;
using CommHub.Core.Tokens;
using CommHub.Core.Webhooks;
using CommHub.Tests.Fakes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Benchmarks.Api;

/// <summary>
/// The REST API and the webhook dispatcher at scale. (1) GET /api/v1/conversations against the real app, run as a
/// process on a seeded SQLite database, over loopback HTTP with a personal access token: p50/p95 of the first page, a
/// filtered page and a deep cursor page. (2) The webhook dispatcher (the app's own services) draining queued deliveries
/// to a loopback receiver: deliveries a second.
/// </summary>
internal static class ApiBenchmark
{
    private const string Usage = "dotnet run -c Release --project CommHub.Benchmarks -- api [--conversations 100000] [--iterations 300] [--deliveries 5000]";

    public static async Task<int> RunAsync(string[] args)
    {
        int conversations = 100_000, iterations = 300, deliveries = 5_000;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--conversations" when i + 1 < args.Length && int.TryParse(args[++i], out var n) && n >= 1_000: conversations = n; break;
                case "--iterations" when i + 1 < args.Length && int.TryParse(args[++i], out var n) && n >= 10: iterations = n; break;
                case "--deliveries" when i + 1 < args.Length && int.TryParse(args[++i], out var n) && n >= 100: deliveries = n; break;
                default:
                    Console.Error.WriteLine($"Unknown or invalid argument '{args[i]}'.\nUsage: {Usage}");
                    return 2;
            }
        }
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
        var root = Directory.CreateTempSubdirectory("commhub-bench-api-").FullName;
        try
        {
            Console.WriteLine($"Seeding {conversations:N0} conversations into {root} ...");
            string token;
            string deepCursor;
            using (var db = await BenchDatabase.CreateAsync(root, conversations, conversations * 2, DateTime.UtcNow, null))
            {
                var created = await db.Services.GetRequiredService<AccessTokenService>().CreateAsync(db.Data.AgentIds[0], "benchmark", TokenScope.Read, 1);
                token = created.Value?.Secret ?? throw new InvalidOperationException(created.ErrorText);
                deepCursor = Uri.EscapeDataString(CommHub.Web.Features.Api.ApiCursor.Encode(db.Data.DeepCursor.Key, db.Data.DeepCursor.Id));
            }
            var api = await MeasureApiAsync(root, token, deepCursor, iterations, conversations);
            var rate = await MeasureDispatcherAsync(root, deliveries);
            Console.WriteLine();
            Console.WriteLine("| case | p50 ms | p95 ms |");
            Console.WriteLine("|---|---:|---:|");
            foreach (var f in api) Console.WriteLine($"| {f.Name} | {f.P50:0.0} | {f.P95:0.0} |");
            Console.WriteLine();
            Console.WriteLine($"Webhook dispatcher: {deliveries:N0} deliveries in {rate.Elapsed.TotalSeconds:0.00} s = {rate.PerSecond:N0} a second (target 500).");
            var ok = api[0].P95 <= 20 && rate.PerSecond >= 500;
            Console.WriteLine(ok ? "Targets met (first page p95 at most 20 ms; at least 500 deliveries a second)." : "A target was missed.");
            return ok ? 0 : 1;
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<IReadOnlyList<Figure>> MeasureApiAsync(string root, string token, string deepCursor, int iterations, int conversations)
    {
        var port = FreePort();
        var app = await AppProcess.StartAsync(root, port, new()
        {
            // The per-token limit would be what is measured.
            ["CommHub__RateLimits__ApiBurst"] = "1000000",
            ["CommHub__RateLimits__ApiPerMinute"] = "1000000",
        });
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            Case Get(string name, string path) => new(name, async () =>
            {
                using var response = await http.GetAsync(path);
                response.EnsureSuccessStatusCode();
                return (await response.Content.ReadAsByteArrayAsync()).Length;
            });
            var cases = new List<Case>
            {
                Get($"GET /api/v1/conversations (first page of 50, {conversations:N0} conversations)", "/api/v1/conversations"),
                Get("GET /api/v1/conversations?status=Open&assignee=Me&label=billing", "/api/v1/conversations?status=Open&assignee=Me&label=billing"),
                Get("GET /api/v1/conversations?cursor=<deep>", "/api/v1/conversations?cursor=" + deepCursor),
            };
            return await Measure.RoundRobinAsync(cases, warmup: 30, iterations);
        }
        finally
        {
            app.Kill();
        }
    }

    private static async Task<(TimeSpan Elapsed, double PerSecond)> MeasureDispatcherAsync(string root, int deliveries)
    {
        await using var receiver = new WebhookReceiver();
        using var host = BenchDatabase.BuildHost(root, null, new Dictionary<string, string?>
        {
            ["CommHub:Webhooks:AllowPrivateAddresses"] = "true",
        });
        var services = host.Services;
        await using (var db = await services.GetRequiredService<IDbContextFactory<CommHubDbContext>>().CreateDbContextAsync())
        {
            var subscription = new WebhookSubscription
            {
                Url = receiver.BaseUrl + "/hook", Events = WebhookEventTypes.MessageCreated, CreatedAt = DateTime.UtcNow,
                ProtectedSecret = services.GetRequiredService<ISecretProtector>().Protect(WebhookSignature.NewSecret()),
            };
            db.WebhookSubscriptions.Add(subscription);
            await db.SaveChangesAsync();
            // Spread over 1,000 conversations, five each: each conversation's deliveries go in order, conversations in parallel.
            var now = DateTime.UtcNow;
            db.WebhookDeliveries.AddRange(Enumerable.Range(0, deliveries).Select(i => WebhookPayloads.Delivery(
                subscription.Id, WebhookEventTypes.MessageCreated, 1 + i % 1_000, new { id = i, text = "Benchmark message " + i }, now)));
            await db.SaveChangesAsync();
        }
        var dispatcher = services.GetRequiredService<WebhookDispatcher>();
        var watch = Stopwatch.StartNew();
        while (receiver.Requests.Count < deliveries && watch.Elapsed < TimeSpan.FromMinutes(3)) await dispatcher.RunAsync();
        watch.Stop();
        if (receiver.Requests.Count < deliveries) throw new InvalidOperationException($"Only {receiver.Requests.Count} of {deliveries} deliveries arrived.");
        return (watch.Elapsed, deliveries / watch.Elapsed.TotalSeconds);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
