using System.Diagnostics;
using CommHub.Core.Attachments;
using CommHub.Core.Conversations;
using CommHub.Core.Retention;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Benchmarks.Retention;

/// <summary>
/// The retention run on the seeded SQLite inbox (ten messages per conversation over a year), every channel keeping 30 days:
/// messages deleted a second (with their attachment rows), blob deletes on the local store apart, and the inbox's first
/// page p95 while the purge runs against its idle value. The production RetentionService, on the production schema.
/// </summary>
internal static class RetentionBenchmark
{
    private const string Usage = "dotnet run -c Release --project CommHub.Benchmarks -- retention [--conversations 100000] [--files-every 50] [--days 30] [--inbox-pause-ms 10]";

    public static async Task<int> RunAsync(string[] args)
    {
        int conversations = 100_000, filesEvery = 50, days = 30, pause = 10;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--conversations" when i + 1 < args.Length && int.TryParse(args[++i], out var n) && n >= 1_000: conversations = n; break;
                case "--files-every" when i + 1 < args.Length && int.TryParse(args[++i], out var n) && n >= 1: filesEvery = n; break;
                case "--days" when i + 1 < args.Length && int.TryParse(args[++i], out var n) && n >= 1: days = n; break;
                case "--inbox-pause-ms" when i + 1 < args.Length && int.TryParse(args[++i], out var n) && n >= 0: pause = n; break;
                default:
                    Console.Error.WriteLine($"Unknown or invalid argument '{args[i]}'.\nUsage: {Usage}");
                    return 2;
            }
        }
        var root = Directory.CreateTempSubdirectory("commhub-retention-").FullName;
        try
        {
            Console.WriteLine($"Seeding {conversations:N0} conversations / {conversations * 10:N0} messages into {root} ...");
            using var db = await BenchDatabase.CreateAsync(Path.Combine(root, "db"), conversations, conversations * 10, DateTime.UtcNow, null);
            Console.WriteLine($"Seeded in {db.Data.Elapsed.TotalSeconds:N1} s.");
            var services = db.Services;
            var files = await SeedFilesAsync(db.SqliteFile, services.GetRequiredService<IBlobStore>(), filesEvery, days);
            Console.WriteLine($"Added {files:N0} attachments (3 blobs each on the local store); every channel keeps {days} days.");

            var agent = db.Data.AgentIds[0];
            async Task<int> FirstPage() => (await db.Inbox.ListAsync(new InboxFilter(), agent)).Items.Count;
            var idle = await SampleAsync(FirstPage, () => false, minimum: 200, pause);
            var expired = await CountAsync(db.SqliteFile, $"SELECT COUNT(*) FROM Messages WHERE CreatedAt < '{DateTime.UtcNow.Date.AddDays(-days):yyyy-MM-dd HH:mm:ss}'");

            var retention = services.GetRequiredService<RetentionService>();
            var running = Task.Run(() => retention.RunAsync());
            var busy = await SampleAsync(FirstPage, () => running.IsCompleted, minimum: 0, pause);
            var run = await running;

            Report(run, expired, idle, busy, conversations, Environment.ProcessorCount);
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Attachment rows on every n-th message (bulk, like the seeder), and their three blobs through the app's store.</summary>
    private static async Task<int> SeedFilesAsync(string sqliteFile, IBlobStore blobs, int every, int days)
    {
        using var connection = new SqliteConnection($"Data Source={sqliteFile};Pooling=False");
        connection.Open();
        var ids = new List<(long Id, string At)>();
        using (var select = connection.CreateCommand())
        {
            select.CommandText = $"SELECT Id, CreatedAt FROM Messages WHERE Id % {every} = 0";
            using var reader = select.ExecuteReader();
            while (reader.Read()) ids.Add((reader.GetInt64(0), reader.GetString(1)));
        }
        var keys = ids.Select(_ => (BlobKeys.New("originals", TimeProvider.System), BlobKeys.New("display", TimeProvider.System), BlobKeys.New("thumbnails", TimeProvider.System))).ToList();
        using (var transaction = connection.BeginTransaction())
        {
            using var insert = new BulkInsert(connection, transaction, "Attachments",
                "MessageId", "FileName", "ContentType", "Size", "OriginalBlobKey", "CompressedBlobKey", "ThumbnailBlobKey", "State", "ProcessingAttempts", "SendOriginal", "CreatedAt", "UpdatedAt");
            for (var i = 0; i < ids.Count; i++)
                insert.Row(ids[i].Id, "photo.jpg", "image/jpeg", 3L, keys[i].Item1, keys[i].Item2, keys[i].Item3, (int)AttachmentState.Ready, 0, false, ids[i].At, ids[i].At);
            using var channels = connection.CreateCommand();
            channels.Transaction = transaction;
            channels.CommandText = $"UPDATE Channels SET RetentionDays = {days}";
            channels.ExecuteNonQuery();
            transaction.Commit();
        }
        await Parallel.ForEachAsync(keys.SelectMany(k => new[] { k.Item1, k.Item2, k.Item3 }), new ParallelOptions { MaxDegreeOfParallelism = 4 },
            async (key, ct) => await blobs.PutAsync(key, new MemoryStream([0xFF, 0xD8, 0xFF]), "image/jpeg", ct));
        return ids.Count;
    }

    /// <summary>
    /// Times the call every <paramref name="pauseMs"/> ms until <paramref name="done"/> (or <paramref name="minimum"/> times): an
    /// inbox in use, not a tight loop that would take a whole core from the purge on a small machine.
    /// </summary>
    private static async Task<List<double>> SampleAsync(Func<Task<int>> call, Func<bool> done, int minimum, int pauseMs)
    {
        var samples = new List<double>();
        while (samples.Count < minimum || (minimum == 0 && !done()))
        {
            var start = Stopwatch.GetTimestamp();
            await call();
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            if (pauseMs > 0) await Task.Delay(pauseMs);
            if (minimum > 0 && samples.Count >= minimum) break;
        }
        return samples;
    }

    private static async Task<long> CountAsync(string sqliteFile, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={sqliteFile};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static double P(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    private static void Report(RetentionRun run, long expired, List<double> idle, List<double> busy, int conversations, int cores)
    {
        var total = run.Total;
        var rate = total.Messages / run.RowsDuration.TotalSeconds;
        var blobSeconds = (run.Duration - run.RowsDuration).TotalSeconds;
        var (idle95, busy95) = (P(idle, 0.95), P(busy, 0.95));
        Console.WriteLine();
        Console.WriteLine($"Retention on SQLite, {conversations * 10:N0} messages, {cores} cores, load average {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine($"  expired before the run      {expired:N0} messages");
        Console.WriteLine($"  deleted                     {total.Messages:N0} messages, {total.Files:N0} attachment rows, {total.Conversations:N0} conversations");
        Console.WriteLine($"  row phase                   {run.RowsDuration.TotalSeconds:N1} s = {rate:N0} messages/s (target >= 20,000) {(rate >= 20_000 ? "MET" : "MISSED")}");
        Console.WriteLine($"  blob deletes (local store)  {run.Blobs.Deleted:N0} blobs in {blobSeconds:N1} s = {run.Blobs.Deleted / Math.Max(blobSeconds, 0.001):N0}/s, {run.Blobs.Failed} failed");
        Console.WriteLine($"  batch size                  {Environment.GetEnvironmentVariable("CommHub__Retention__BatchSize") ?? "2000 (default)"}");
        Console.WriteLine($"  inbox first page p50/p95    idle {P(idle, 0.5):N1} / {idle95:N1} ms ({idle.Count} calls); during the purge {P(busy, 0.5):N1} / {busy95:N1} ms ({busy.Count} calls)");
        Console.WriteLine($"  p95 during / idle           {busy95 / idle95:N2}x (target <= 2x) {(busy95 <= 2 * idle95 ? "MET" : "MISSED")}");
    }
}
