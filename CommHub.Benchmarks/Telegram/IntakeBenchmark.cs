using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using CommHub.Core.Channels;
using CommHub.Core.Conversations;
using CommHub.Core.Data;
using CommHub.Core.Ingest;
using CommHub.Infrastructure.Data;
using CommHub.Infrastructure.Telegram;
using CommHub.Tests.Fakes;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static CommHub.Tests.Fakes.TelegramUpdates;
using File = System.IO.File;

namespace CommHub.Benchmarks.Telegram;

/// <summary>
/// Telegram updates through the durable intake, in four parts:
/// receive (polled pages written to the intake table, nothing processed), end to end (polled, stored, processed into
/// messages, visible to the inbox query; on SQLite and on PostgreSQL), the webhook (the real app as a process on a
/// loopback port, 40 connections at once, each post answered after its row is committed) and a crash (kill -9 of that
/// process in the middle of a run, then a restart: nothing lost, nothing twice). Every update is delivered twice.
/// </summary>
internal static class IntakeBenchmark
{
    public const string Rerun = "dotnet run -c Release --project CommHub.Benchmarks -- intake";
    private const string Usage = Rerun + " [--updates 20000] [--webhook-updates 10000] [--skip-postgres] [--skip-app] [--only receive|sqlite|postgres|webhook|crash] [--keep] [--no-search-index]";

    /// <summary>With <c>--no-search-index</c> the SQLite search triggers are dropped first: ingest without the index, to compare.</summary>
    private static bool searchIndex = true;
    private const double ReceiveTarget = 5_000, EndToEndTarget = 1_500, WebhookTarget = 500;
    private const int Connections = 40; // Telegram's default max_connections for a webhook
    private const string WebhookSecret = "bench-webhook-secret-0123456789";

    /// <summary>The benchmark's own hosts (set-up, counting) log only warnings: migrations and key creation are not news.</summary>
    private static readonly Dictionary<string, string?> Quiet = new() { ["Logging:LogLevel:Default"] = "Warning" };

    public static async Task<int> RunAsync(string[] args)
    {
        var updates = 20_000;
        var webhookUpdates = 10_000;
        var postgres = true;
        var app = true;
        var keep = false;
        string? only = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--updates" when i + 1 < args.Length && int.TryParse(args[++i], out var n) && n >= 100: updates = n; break;
                case "--webhook-updates" when i + 1 < args.Length && int.TryParse(args[++i], out var n) && n >= 100: webhookUpdates = n; break;
                case "--skip-postgres": postgres = false; break;
                case "--skip-app": app = false; break;
                case "--keep": keep = true; break;
                case "--no-search-index": searchIndex = false; break;
                case "--only" when i + 1 < args.Length && args[i + 1] is "receive" or "sqlite" or "postgres" or "webhook" or "crash": only = args[++i]; break;
                default:
                    Console.Error.WriteLine($"Unknown or invalid argument '{args[i]}' (the counts need at least 100).\nUsage: {Usage}");
                    return 2;
            }
        }

        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}; load average {LoadAverage()}");
        var lines = new List<string>();
        var correct = true;

        bool Runs(string part) => only is null || only == part;
        if (Runs("receive"))
        {
            var receive = await InProcessAsync("receive", updates, drain: false, postgres: false, keep);
            lines.Add(receive.Line("Receive, polled pages into the intake (SQLite)", ReceiveTarget));
            correct &= receive.Correct;
        }

        if (Runs("sqlite"))
        {
            var sqlite = await InProcessAsync("end to end", updates, drain: true, postgres: false, keep);
            lines.Add(sqlite.Line("End to end, polled to the inbox (SQLite)", EndToEndTarget));
            correct &= sqlite.Correct;
        }

        if (!Runs("postgres")) { }
        else if (postgres && PostgresAvailable())
        {
            var pg = await InProcessAsync("end to end", updates, drain: true, postgres: true, keep);
            lines.Add(pg.Line("End to end, polled to the inbox (PostgreSQL)", EndToEndTarget));
            correct &= pg.Correct;
        }
        else lines.Add("End to end (PostgreSQL): not run (--skip-postgres, or no PostgreSQL server binaries: ./test.sh installs them)");

        if (!app) lines.Add("Webhook and crash: not run (--skip-app)");
        if (app && Runs("webhook"))
        {
            var webhook = await WebhookAsync(webhookUpdates, crash: false, keep);
            lines.Add(webhook.Line($"Webhook, {Connections} connections, the app as a process (SQLite)", WebhookTarget));
            correct &= webhook.Correct;
        }
        if (app && Runs("crash"))
        {
            var crash = await WebhookAsync(updates, crash: true, keep);
            lines.Add(crash.Line("Crash, kill -9 in the middle of the webhook run, restart (SQLite)", null));
            correct &= crash.Correct;
        }

        Console.WriteLine();
        foreach (var line in lines) Console.WriteLine(line);
        Console.WriteLine($"Load average at the end: {LoadAverage()}");
        Console.WriteLine($"Rerun: {Rerun}");
        return correct ? 0 : 1;
    }

    /// <param name="PerDelivery">The target counts deliveries (webhook posts), not updates.</param>
    private sealed record Figures(string Kind, int Updates, int Stored, int Distinct, TimeSpan Elapsed, TimeSpan Cpu, string Extra, bool PerDelivery = false)
    {
        public bool Correct => Stored == Updates && Distinct == Updates;

        public string Line(string title, double? target)
        {
            var perSecond = Updates / Elapsed.TotalSeconds;
            var measured = PerDelivery ? 2 * perSecond : perSecond;
            var verdict = target is { } t ? $"; target >= {t:N0} {(PerDelivery ? "posts" : "updates")}/s: {(measured >= t && Correct ? "met" : "MISSED")}" : "";
            return $"{title}: {Updates:N0} updates ({2 * Updates:N0} deliveries) in {Elapsed.TotalSeconds:F2} s -> {perSecond:N0} updates/s, {2 * perSecond:N0} deliveries/s; "
                + $"{Cpu.TotalSeconds:F2} CPU-s -> {Updates / Cpu.TotalSeconds:N0} updates per CPU-second; {Kind}: {Stored:N0} stored, "
                + $"lost {Updates - Distinct:N0}, duplicated {Stored - Distinct:N0}{Extra}{verdict}";
        }
    }

    /// <summary>The production poller over the loopback Bot API fake, in this process.</summary>
    private static async Task<Figures> InProcessAsync(string what, int updates, bool drain, bool postgres, bool keep)
    {
        var root = Directory.CreateTempSubdirectory("commhub-bench-intake-").FullName;
        string? database = postgres ? PostgresServer.Shared.CreateDatabase() : null;
        await using var telegram = new FakeTelegram { DuplicateEveryUpdate = true };
        try
        {
            var settings = new Dictionary<string, string?>
            {
                ["CommHub:Telegram:ApiBaseUrl"] = telegram.BaseUrl,
                ["CommHub:Telegram:LongPollSeconds"] = "0",
                ["CommHub:Telegram:PollWindowSeconds"] = "0",
                ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
                // The batch that fails is retried row by row and logged; nothing here should fail.
                ["Logging:LogLevel:CommHub"] = "Warning",
                ["Logging:LogLevel:Default"] = "Warning",
            };
            if (database is not null)
            {
                settings["Database:Provider"] = "PostgreSql";
                settings["ConnectionStrings:CommHub"] = PostgresServer.Shared.ConnectionString(database);
            }
            using var host = BenchDatabase.BuildHost(root, null, settings);
            await host.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
            if (!searchIndex && database is null) await DropSearchTriggersAsync(host.Services);
            var channelId = await AddChannelAsync(host.Services, telegram.Token, TelegramMode.Polling);

            Console.WriteLine($"{what} on {(postgres ? "PostgreSQL" : "SQLite")}: queuing {updates:N0} updates (1,000 people in private chats, 50 groups), each handed out twice ...");
            for (var i = 0; i < updates; i++) await telegram.PushAsync(Update(NextMessage(i)));

            var inbound = host.Services.GetRequiredService<TelegramInboundService>();
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var gc = GcFigures.Start();
            var clock = Stopwatch.StartNew();
            var result = await inbound.PollAsync(channelId, drain, CancellationToken.None);
            clock.Stop();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            Console.WriteLine($"  {gc.Describe(updates)}");
            if (result.Outcome != TelegramPollOutcome.Polled) throw new InvalidOperationException($"Polling failed: {result.Error}");

            await using var db = await host.Services.GetRequiredService<IDbContextFactory<CommHubDbContext>>().CreateDbContextAsync();
            if (!drain)
            {
                var rows = await db.InboundUpdates.CountAsync(u => u.ChannelId == channelId);
                var distinctRows = await db.InboundUpdates.Where(u => u.ChannelId == channelId).Select(u => u.ExternalId).Distinct().CountAsync();
                return new Figures("intake rows", updates, rows, distinctRows, clock.Elapsed, cpu, $"; pending at the fake: {telegram.PendingCount}");
            }
            var (stored, distinct) = await MessagesAsync(db, channelId);
            var visible = await VisibleInInboxAsync(host.Services, db, channelId);
            return new Figures("messages", updates, stored, distinct, clock.Elapsed, cpu, $"; the newest is first in the inbox: {(visible ? "yes" : "NO")}");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Npgsql.NpgsqlConnection.ClearAllPools();
            if (database is not null) PostgresServer.Shared.DropDatabase(database);
            if (keep) Console.WriteLine($"Kept the data folder {root}");
            else Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>
    /// The real app (CommHub.Web) as a process on a loopback port, its webhook posted to by <see cref="Connections"/>
    /// connections at once, each update twice and each post repeated until it is answered 200, as Telegram does. With
    /// <paramref name="crash"/>, the process is killed (SIGKILL) halfway and started again on the same data folder.
    /// </summary>
    private static async Task<Figures> WebhookAsync(int updates, bool crash, bool keep)
    {
        var root = Directory.CreateTempSubdirectory("commhub-bench-webhook-").FullName;
        await using var telegram = new FakeTelegram();
        var port = FreePort();
        try
        {
            int channelId;
            // The database and the channel (with its secret, under the data folder's keys) exist before the app starts.
            using (var host = BenchDatabase.BuildHost(root, null, Quiet))
            {
                await host.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
                channelId = await AddChannelAsync(host.Services, telegram.Token, TelegramMode.Webhook);
            }
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

            var bodies = Enumerable.Range(0, updates).Select(i =>
            {
                var update = Update(NextMessage(i));
                update["update_id"] = 500_000_000L + i;
                return update.ToJsonString();
            }).ToList();
            var url = $"http://127.0.0.1:{port}/telegram/webhook/{channelId}";
            var deliveries = new System.Collections.Concurrent.ConcurrentQueue<string>(bodies.Concat(bodies));

            Console.WriteLine($"Webhook{(crash ? " with a crash" : "")}: starting the app on port {port} ...");
            var app = await AppProcess.StartAsync(root, port, new()
            {
                ["CommHub__Telegram__ApiBaseUrl"] = telegram.BaseUrl,
                // The webhook's own limit (200 a second per bot) would be what is measured.
                ["CommHub__RateLimits__TelegramWebhookPerSecond"] = "1000000",
            });
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Connections, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            {
                Timeout = TimeSpan.FromSeconds(30),
            };
            var acknowledged = 0;
            var refused = 0;
            var cpu = TimeSpan.Zero;
            var clock = Stopwatch.StartNew();
            var killed = false;
            var restart = Task.CompletedTask;
            var workers = Enumerable.Range(0, Connections).Select(_ => Task.Run(async () =>
            {
                while (deliveries.TryDequeue(out var body))
                {
                    // Telegram repeats a delivery until it is answered 200.
                    while (true)
                    {
                        try
                        {
                            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                            request.Headers.Add(TelegramWebhook.SecretHeader, WebhookSecret);
                            using var response = await http.SendAsync(request);
                            if (response.StatusCode == HttpStatusCode.OK) break;
                            Interlocked.Increment(ref refused);
                        }
                        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                        {
                            Interlocked.Increment(ref refused);
                        }
                        // Telegram gives up after a day; the benchmark when the run has taken ten minutes (fifteen with the crash),
                        // so an app that died for good does not leave it posting for ever.
                        if (clock.Elapsed > TimeSpan.FromMinutes(crash ? 15 : 10))
                            throw new TimeoutException("The app stopped answering webhook posts; the run is abandoned.");
                        await Task.Delay(200);
                    }
                    if (Interlocked.Increment(ref acknowledged) == bodies.Count && crash && !killed)
                    {
                        // Halfway through the deliveries (every update's first copy answered): kill -9, then start it again.
                        killed = true;
                        cpu += app.Cpu;
                        app.Kill();
                        Console.WriteLine($"  killed the app (SIGKILL) after {acknowledged:N0} answered posts; starting it again ...");
                        restart = Task.Run(async () => app = await AppProcess.StartAsync(root, port, new()
                        {
                            ["CommHub__Telegram__ApiBaseUrl"] = telegram.BaseUrl,
                            ["CommHub__RateLimits__TelegramWebhookPerSecond"] = "1000000",
                        }));
                    }
                }
            })).ToList();
            await Task.WhenAll(workers);
            await restart;
            var answered = clock.Elapsed;
            Console.WriteLine($"  {acknowledged:N0} posts answered 200 in {answered.TotalSeconds:F2} s ({refused:N0} refused or unanswered, repeated); waiting for every update to be a message ...");

            // Processing runs behind the 200s; after a restart the intake sweep (every minute) picks up what was stored.
            var (stored, distinct) = (0, 0);
            var deadline = Stopwatch.StartNew();
            using (var reader = BenchDatabase.BuildHost(root, null, Quiet))
            {
                var factory = reader.Services.GetRequiredService<IDbContextFactory<CommHubDbContext>>();
                while (deadline.Elapsed < TimeSpan.FromMinutes(4))
                {
                    await using var db = await factory.CreateDbContextAsync();
                    (stored, distinct) = await MessagesAsync(db, channelId);
                    if (distinct >= updates && !await db.InboundUpdates.AnyAsync(u => u.State == InboundUpdateState.Pending)) break;
                    await Task.Delay(500);
                }
            }
            var processed = clock.Elapsed;
            cpu += app.Cpu;
            app.Kill();
            var extra = $"; all answered after {answered.TotalSeconds:F2} s, all processed after {processed.TotalSeconds:F2} s; app CPU-s counted"
                + (crash ? $"; refused or unanswered while down: {refused:N0}" : "");
            return new Figures("messages", updates, stored, distinct, answered, cpu, extra, PerDelivery: true);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (keep) Console.WriteLine($"Kept the data folder {root}");
            else Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<(int Stored, int Distinct)> MessagesAsync(CommHubDbContext db, int channelId) =>
        (await db.Messages.CountAsync(m => m.ChannelId == channelId),
         await db.Messages.Where(m => m.ChannelId == channelId).Select(m => m.ExternalId).Distinct().CountAsync());

    /// <summary>The inbox's first page starts with the conversation of the newest message.</summary>
    private static async Task<bool> VisibleInInboxAsync(IServiceProvider services, CommHubDbContext db, int channelId)
    {
        var newest = await db.Messages.Where(m => m.ChannelId == channelId).OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
            .Select(m => new { m.ConversationId, m.CreatedAt }).FirstAsync();
        var page = await services.GetRequiredService<InboxQueryService>().ListAsync(new InboxFilter(ChannelId: channelId), "");
        return page.Items.Count > 0 && page.Items[0].LastActivityAt == newest.CreatedAt;
    }

    private static bool PostgresAvailable() =>
        Environment.GetEnvironmentVariable("POSTGRES_BIN") is { Length: > 0 } || Directory.Exists("/usr/lib/postgresql");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static JsonObject NextMessage(int i)
    {
        var person = User(10_000 + i % 1_000, $"Person {i % 1_000}", username: $"person{i % 1_000}");
        var text = $"Message {i}: my order #{i % 97} has not arrived yet, can you check? #shipping";
        var message = i % 5 == 0
            ? Message(Group(-100_000 - i % 50, $"Group {i % 50}"), person, text)
            : Message(PrivateChat(person), person, text);
        return message.WithEntity("hashtag", text.Length - 9, 9);
    }

    private static async Task<int> AddChannelAsync(IServiceProvider services, string token, TelegramMode mode)
    {
        var channel = new Channel { Kind = ChannelKind.Telegram, Name = "@bench_bot", Status = ChannelStatus.Active };
        new TelegramChannelSettings(mode, "@bench_bot").WriteTo(channel);
        services.GetRequiredService<ChannelSecrets>().Write(channel, new Dictionary<string, string>
        {
            [TelegramChannelSettings.BotTokenKey] = token,
            [TelegramChannelSettings.WebhookSecretKey] = WebhookSecret,
        });
        await using var db = await services.GetRequiredService<IDbContextFactory<CommHubDbContext>>().CreateDbContextAsync();
        db.Channels.Add(channel);
        await db.SaveChangesAsync();
        return channel.Id;
    }

    private static async Task DropSearchTriggersAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<CommHubDbContext>>().CreateDbContextAsync();
        foreach (var sql in CommHub.Infrastructure.Search.SqliteSearchSchema.DropTriggers) await db.Database.ExecuteSqlRawAsync(sql);
        Console.WriteLine("Search index off: its triggers are dropped.");
    }
}

/// <summary>Allocation and garbage collections over a measured span (the fake Telegram server's share included).</summary>
internal readonly record struct GcFigures(long Allocated, int Gen0, int Gen1, int Gen2, TimeSpan Paused)
{
    public static GcFigures Start() => new(GC.GetTotalAllocatedBytes(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

    public string Describe(int updates) =>
        $"allocated {(GC.GetTotalAllocatedBytes() - Allocated) / (double)updates / 1024:N1} KB per update; collections gen0 {GC.CollectionCount(0) - Gen0}, "
        + $"gen1 {GC.CollectionCount(1) - Gen1}, gen2 {GC.CollectionCount(2) - Gen2}; paused {(GC.GetTotalPauseDuration() - Paused).TotalSeconds:F2} s";
}
