using System.Diagnostics;
using System.Runtime.InteropServices;
using CommHub.Core.Channels;
using CommHub.Core.Data;
using CommHub.Infrastructure.Data;
using CommHub.Infrastructure.Telegram;
using CommHub.Tests.Fakes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CommHub.Tests.Fakes.TelegramUpdates;
using File = System.IO.File;

namespace CommHub.Benchmarks.Telegram;

/// <summary>
/// Inbound Telegram updates per second through the whole ingest path: the loopback Bot API fake, the production
/// Telegram.Bot client (getUpdates, limit 100), the update reader, batch ingest with its dedupe, contacts, threads and rules,
/// into a fresh SQLite file. Every update is handed out twice; the stored messages must equal the distinct updates.
/// </summary>
internal static class TelegramBenchmark
{
    public const string Rerun = "dotnet run -c Release --project CommHub.Benchmarks -- telegram";
    private const string Usage = Rerun + " [--updates 20000] [--keep]";
    private const double Target = 2_000;

    public static async Task<int> RunAsync(string[] args)
    {
        var updates = 20_000;
        var keep = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--updates" when i + 1 < args.Length && int.TryParse(args[++i], out var n) && n >= 100: updates = n; break;
                case "--keep": keep = true; break;
                default:
                    Console.Error.WriteLine($"Unknown or invalid argument '{args[i]}' (--updates needs at least 100).\nUsage: {Usage}");
                    return 2;
            }
        }

        var root = Directory.CreateTempSubdirectory("commhub-bench-telegram-").FullName;
        await using var telegram = new FakeTelegram { DuplicateEveryUpdate = true };
        try
        {
            using var host = BenchDatabase.BuildHost(root, null, new Dictionary<string, string?>
            {
                ["CommHub:Telegram:ApiBaseUrl"] = telegram.BaseUrl,
                ["CommHub:Telegram:LongPollSeconds"] = "0",
                ["CommHub:Telegram:PollWindowSeconds"] = "0",
                // As in the app's appsettings.json: a line per Bot API request is not what is measured.
                ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
            });
            await host.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
            var channelId = await AddChannelAsync(host.Services, telegram.Token);

            Console.WriteLine($"Queuing {updates:N0} updates (1,000 people in private chats, 50 groups), each handed out twice ...");
            for (var i = 0; i < updates; i++) await telegram.PushAsync(Update(NextMessage(i)));

            var inbound = host.Services.GetRequiredService<TelegramInboundService>();
            // Other processes share this machine's cores: the CPU time this process spent is the figure they cannot skew.
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var result = await inbound.PollAsync(channelId);
            clock.Stop();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            if (result.Outcome != TelegramPollOutcome.Polled) throw new InvalidOperationException($"Polling failed: {result.Error}");

            await using var db = await host.Services.GetRequiredService<IDbContextFactory<CommHubDbContext>>().CreateDbContextAsync();
            var stored = await db.Messages.CountAsync(m => m.ChannelId == channelId);
            var distinct = await db.Messages.Where(m => m.ChannelId == channelId).Select(m => m.ExternalId).Distinct().CountAsync();
            var perSecond = updates / clock.Elapsed.TotalSeconds;
            Console.WriteLine();
            Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
            Console.WriteLine($"Updates: {updates:N0} distinct, {updates * 2:N0} deliveries; pending at the fake afterwards: {telegram.PendingCount}");
            Console.WriteLine($"Stored messages: {stored:N0}; duplicates: {stored - updates} (distinct external ids: {distinct:N0})");
            Console.WriteLine($"Elapsed: {clock.Elapsed.TotalSeconds:F2} s -> {perSecond:N0} updates/s ({updates * 2 / clock.Elapsed.TotalSeconds:N0} deliveries/s)");
            Console.WriteLine($"CPU: {cpu.TotalSeconds:F2} s of this process -> {updates / cpu.TotalSeconds:N0} updates per CPU-second; load average {LoadAverage()}");
            Console.WriteLine($"Target >= {Target:N0} updates/s with 0 duplicates: {(perSecond >= Target && stored == updates ? "met" : "MISSED")}");
            Console.WriteLine($"Rerun: {Rerun}");
            return stored == updates ? 0 : 1;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (keep) Console.WriteLine($"Kept the database in {root}");
            else Directory.Delete(root, recursive: true);
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static System.Text.Json.Nodes.JsonObject NextMessage(int i)
    {
        var person = User(10_000 + i % 1_000, $"Person {i % 1_000}", username: $"person{i % 1_000}");
        var text = $"Message {i}: my order #{i % 97} has not arrived yet, can you check? #shipping";
        var message = i % 5 == 0
            ? Message(Group(-100_000 - i % 50, $"Group {i % 50}"), person, text)
            : Message(PrivateChat(person), person, text);
        return message.WithEntity("hashtag", text.Length - 9, 9);
    }

    private static async Task<int> AddChannelAsync(IServiceProvider services, string token)
    {
        var channel = new Channel { Kind = ChannelKind.Telegram, Name = "@bench_bot", Status = ChannelStatus.Active };
        new TelegramChannelSettings(TelegramMode.Polling, "@bench_bot").WriteTo(channel);
        services.GetRequiredService<ChannelSecrets>().Write(channel, new Dictionary<string, string> { [TelegramChannelSettings.BotTokenKey] = token });
        await using var db = await services.GetRequiredService<IDbContextFactory<CommHubDbContext>>().CreateDbContextAsync();
        db.Channels.Add(channel);
        await db.SaveChangesAsync();
        return channel.Id;
    }
}
