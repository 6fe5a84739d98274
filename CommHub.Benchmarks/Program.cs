using System.Globalization;
using System.Runtime.InteropServices;
using CommHub.Benchmarks;
using CommHub.Benchmarks.Media;
using CommHub.Core.Conversations;

// The inbox at scale, measured through the production services (InboxQueryService, ConversationService) on SQLite
// files seeded in a temp folder. A benchmark, not a test: it prints figures and judges them against the targets.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
// The media pipeline against Magick.NET and SkiaSharp has its own entry (Media/MediaBenchmark.cs).
if (args is ["media", ..]) return await MediaBenchmark.RunAsync(args[1..]);
// Telegram updates through the whole ingest path (Telegram/TelegramBenchmark.cs).
if (args is ["intake", ..]) return await CommHub.Benchmarks.Telegram.IntakeBenchmark.RunAsync(args[1..]);
// Analytics over a year of data: rebuild, fold, and the page's queries (Analytics/AnalyticsBenchmark.cs).
if (args is ["analytics", ..]) return await CommHub.Benchmarks.Analytics.AnalyticsBenchmark.RunAsync(args[1..]);
// Search at a million messages (Search/SearchBenchmark.cs).
if (args is ["search", ..]) return await CommHub.Benchmarks.Search.SearchBenchmark.RunAsync(args[1..]);
// The retention run at a million messages (Retention/RetentionBenchmark.cs).
if (args is ["retention", ..]) return await CommHub.Benchmarks.Retention.RetentionBenchmark.RunAsync(args[1..]);
// The REST API over loopback HTTP and the webhook dispatcher (Api/ApiBenchmark.cs).
if (args is ["api", ..]) return await CommHub.Benchmarks.Api.ApiBenchmark.RunAsync(args[1..]);
const string Rerun = "dotnet run -c Release --project CommHub.Benchmarks";
const string Usage = Rerun + " [-- --conversations 100000] [--iterations 200] [--warmup 20] [--keep] [--explain]";

var conversations = 100_000;
int iterations = 200, warmup = 20;
bool keep = false, explain = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--conversations" when i + 1 < args.Length && int.TryParse(args[++i], out var n) && n >= 1_000: conversations = n; break;
        case "--iterations" when i + 1 < args.Length && int.TryParse(args[++i], out var n) && n >= 1: iterations = n; break;
        case "--warmup" when i + 1 < args.Length && int.TryParse(args[++i], out var n) && n >= 0: warmup = n; break;
        case "--keep": keep = true; break;
        case "--explain": explain = true; break;
        default:
            Console.Error.WriteLine($"Unknown or invalid argument '{args[i]}' (--conversations needs at least 1000).\nUsage: {Usage}");
            return 2;
    }
}

// Ten messages per conversation; the comparison database is a tenth of the size, to show growth.
var smallConversations = conversations / 10;
var root = Directory.CreateTempSubdirectory("commhub-bench-").FullName;
var capture = explain ? new SqlCapture() : null;
try
{
    var now = DateTime.UtcNow;
    Console.WriteLine($"Seeding into {root} ...");
    using var large = await BenchDatabase.CreateAsync(Path.Combine(root, "large"), conversations, conversations * 10, now, capture);
    using var small = await BenchDatabase.CreateAsync(Path.Combine(root, "small"), smallConversations, smallConversations * 10, now, null);

    var agent = large.Data.AgentIds[0];
    var filter = new InboxFilter(ConversationStatus.Open, null, AssigneeFilter.Me, "billing");
    var cases = new List<Case>
    {
        new($"1 inbox first page, {conversations:N0} conversations", async () => (await large.Inbox.ListAsync(new InboxFilter(), agent)).Items.Count),
        new("2 filtered page: Open + assignee Me + label 'billing'", async () => (await large.Inbox.ListAsync(filter, agent)).Items.Count),
        new($"3 deep page: cursor at row {large.Data.DeepPosition:N0}", async () =>
            (await large.Inbox.ListAsync(new InboxFilter(), agent, large.Data.DeepCursor)).Items.Count),
        new($"4 open the {Seeder.LongThreadLength}-message conversation", async () =>
            (await large.Threads.GetThreadAsync(large.Data.LongThreadId))!.Messages.Count),
        new($"5 inbox first page, {smallConversations:N0} conversations", async () =>
            (await small.Inbox.ListAsync(new InboxFilter(), small.Data.AgentIds[0])).Items.Count),
    };
    await CheckAsync(large);

    if (capture is not null)
    {
        foreach (var c in cases.Take(4))
        {
            capture.Start();
            await c.Run();
            Console.WriteLine($"\n== {c.Name}");
            foreach (var sql in capture.Stop())
                Console.WriteLine($"{sql}\n-- EXPLAIN QUERY PLAN\n{string.Join('\n', SqlCapture.Explain(large.SqliteFile, sql))}\n");
        }
    }

    var figures = await Measure.RoundRobinAsync(cases, warmup, iterations);
    Print(figures, large, small, warmup, iterations);
    return 0;
}
finally
{
    if (keep) Console.WriteLine($"Kept the databases in {root}");
    else Directory.Delete(root, recursive: true);
}

// Fail loudly rather than time the wrong thing.
static async Task CheckAsync(BenchDatabase db)
{
    var first = await db.Inbox.ListAsync(new InboxFilter(), db.Data.AgentIds[0]);
    var deep = await db.Inbox.ListAsync(new InboxFilter(), db.Data.AgentIds[0], db.Data.DeepCursor);
    var thread = await db.Threads.GetThreadAsync(db.Data.LongThreadId);
    var cursor = db.Data.DeepCursor;
    if (first.Items.Count != 50 || first.Next is null
        || deep.Items.Count == 0 || deep.Items[0].LastActivityAt > cursor.Key
        || (deep.Items[0].LastActivityAt == cursor.Key && deep.Items[0].Id >= cursor.Id)
        || thread?.Messages.Count != Seeder.LongThreadLength)
        throw new InvalidOperationException("The seeded data does not read back as planned; the figures would be meaningless.");
}

static void Print(IReadOnlyList<Figure> figures, BenchDatabase large, BenchDatabase small, int warmup, int iterations)
{
    var (firstLarge, firstSmall) = (figures[0], figures[4]);
    var (ratio50, ratio95) = (firstLarge.P50 / firstSmall.P50, firstLarge.P95 / firstSmall.P95);
    Console.WriteLine();
    Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
    Console.WriteLine($"Seeding: {large.Conversations:N0} conversations / {large.Messages:N0} messages in {large.Data.Elapsed.TotalSeconds:F1} s; "
        + $"{small.Conversations:N0} / {small.Messages:N0} in {small.Data.Elapsed.TotalSeconds:F1} s (SQLite, WAL, no ANALYZE: the app runs none)");
    Console.WriteLine($"Timing: each figure is one service call (Stopwatch), {warmup} warm-up + {iterations} measured rounds, figures taken in turn each round");
    Console.WriteLine();
    Console.WriteLine($"| {"figure",-54} | {"rows",4} | {"p50 ms",7} | {"p95 ms",7} |");
    Console.WriteLine($"|{new string('-', 56)}|{new string('-', 6)}|{new string('-', 9)}|{new string('-', 9)}|");
    foreach (var f in figures) Console.WriteLine($"| {f.Name,-54} | {f.Rows,4} | {f.P50,7:F2} | {f.P95,7:F2} |");
    Console.WriteLine($"| {$"growth: first page {large.Conversations:N0} / {small.Conversations:N0}",-54} | {"",4} | {ratio50,6:F2}x | {ratio95,6:F2}x |");
    Console.WriteLine();
    Console.WriteLine($"Target first page p95 <= 10 ms: {firstLarge.P95:F2} ms, {(firstLarge.P95 <= 10 ? "met" : "MISSED")}");
    Console.WriteLine($"Target growth p95 <= 1.5x: {ratio95:F2}x, {(ratio95 <= 1.5 ? "met" : "MISSED")}");
    Console.WriteLine($"Rerun: {Rerun}   (quick: {Rerun} -- --conversations 20000)");
}
