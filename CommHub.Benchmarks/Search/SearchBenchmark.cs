using System.Diagnostics;
using System.Runtime.InteropServices;
using CommHub.Core.Conversations;
using CommHub.Core.Search;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Benchmarks.Search;

/// <summary>
/// Search on the seeded SQLite inbox (a million messages by default), through the production SearchService: the first
/// 50 messages with their snippets, plus subjects and contacts, as the search page asks. The seeded help-desk texts
/// repeat (a dozen of each kind), so every message also gets three words of a 20,000-word vocabulary drawn with Zipf's
/// law, as words are in real text: some queries match a quarter of the messages, others a few dozen.
/// </summary>
internal static class SearchBenchmark
{
    private const string Rerun = "dotnet run -c Release --project CommHub.Benchmarks -- search";
    private const string Usage = Rerun + " [--conversations 100000] [--iterations 100] [--warmup 10] [--keep]";
    private const int Vocabulary = 20_000;

    public static async Task<int> RunAsync(string[] args)
    {
        int conversations = 100_000, iterations = 100, warmup = 10;
        var keep = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--conversations" when i + 1 < args.Length && int.TryParse(args[++i], out var n) && n >= 1_000: conversations = n; break;
                case "--iterations" when i + 1 < args.Length && int.TryParse(args[++i], out var n) && n >= 1: iterations = n; break;
                case "--warmup" when i + 1 < args.Length && int.TryParse(args[++i], out var n) && n >= 0: warmup = n; break;
                case "--keep": keep = true; break;
                default:
                    Console.Error.WriteLine($"Unknown or invalid argument '{args[i]}'.\nUsage: {Usage}");
                    return 2;
            }
        }
        var root = Directory.CreateTempSubdirectory("commhub-search-").FullName;
        try
        {
            var words = Words();
            var zipf = new Zipf(Vocabulary, seed: 16);
            Console.WriteLine($"Seeding {conversations:N0} conversations / {conversations * 10:N0} messages (search index on) into {root} ...");
            using var db = await BenchDatabase.CreateAsync(Path.Combine(root, "db"), conversations, conversations * 10, DateTime.UtcNow, null,
                _ => $" {words[zipf.Next()]} {words[zipf.Next()]} {words[zipf.Next()]}");
            Console.WriteLine($"Seeded in {db.Data.Elapsed.TotalSeconds:N1} s (the triggers index every row as it is written).");
            var search = db.Services.GetRequiredService<SearchService>();
            var staff = SearchViewer.Staff(db.Data.AgentIds[0]);
            var open = new SearchFilter(Status: ConversationStatus.Open, Assignee: AssigneeFilter.Me);

            var queries = new (string Name, string Text, SearchFilter Filter)[]
            {
                ("1 word, common (seed text)", "invoice", new SearchFilter()),
                ("1 word, frequent (Zipf rank 10)", words[9], new SearchFilter()),
                ("1 word, middling (rank 300)", words[299], new SearchFilter()),
                ("1 word, rare (rank 5,000)", words[4999], new SearchFilter()),
                ("2 words, common, same text", "duplicate charge", new SearchFilter()),
                ("2 words, common + middling", $"courier {words[299]}", new SearchFilter()),
                ("2 words, middling + middling", $"{words[199]} {words[399]}", new SearchFilter()),
                ("1 word, common, Open + mine", "invoice", open),
                ("2 words, middling, Open + mine", $"{words[99]} {words[199]}", open),
            };
            var counts = new List<int>();
            foreach (var q in queries) counts.Add(await MatchesAsync(db.SqliteFile, q.Text));
            var cases = queries.Select(q => new Case(q.Name, async () => (await search.SearchAsync(q.Text, q.Filter, staff)).Messages.Count)).ToList();
            var directory = db.Services.GetRequiredService<CommHub.Core.Contacts.ContactDirectory>();
            cases.Add(new Case("contacts only (ContactDirectory)", async () => (await directory.FindAsync(words[299], 5)).Count));
            var figures = await Measure.RoundRobinAsync(cases, warmup, iterations);

            Console.WriteLine();
            Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
            Console.WriteLine($"Timing: one SearchService.SearchAsync per figure (messages with snippets, subjects, contacts), {warmup} warm-up + {iterations} rounds, in turn");
            Console.WriteLine();
            Console.WriteLine($"| {"query",-34} | {"words",-26} | {"matches",8} | {"rows",4} | {"p50 ms",7} | {"p95 ms",7} |");
            Console.WriteLine($"|{new string('-', 36)}|{new string('-', 28)}|{new string('-', 10)}|{new string('-', 6)}|{new string('-', 9)}|{new string('-', 9)}|");
            for (var i = 0; i < queries.Length; i++)
                Console.WriteLine($"| {figures[i].Name,-34} | {queries[i].Text,-26} | {counts[i],8:N0} | {figures[i].Rows,4} | {figures[i].P50,7:F2} | {figures[i].P95,7:F2} |");
            foreach (var f in figures.Skip(queries.Length)) Console.WriteLine($"| {f.Name,-34} | {"",-26} | {"",8} | {f.Rows,4} | {f.P50,7:F2} | {f.P95,7:F2} |");
            var worst = figures.Take(queries.Length).Max(f => f.P95);
            Console.WriteLine();
            Console.WriteLine($"Target p95 <= 50 ms for one- and two-word queries: worst {worst:F2} ms, {(worst <= 50 ? "met" : "MISSED")}");
            Console.WriteLine($"Rerun: {Rerun}   (quick: {Rerun} --conversations 20000)");
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (keep) Console.WriteLine($"Kept the database in {root}");
            else Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>How many messages have all the words (what the query has to rank), counted on the index itself.</summary>
    private static async Task<int> MatchesAsync(string file, string text)
    {
        await using var connection = new SqliteConnection($"Data Source={file}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM MessageSearch WHERE MessageSearch MATCH $q";
        command.Parameters.AddWithValue("$q", string.Join(' ', SearchTerms.Parse(text).Words.Select(SearchTerms.Quoted)));
        return Convert.ToInt32(await command.ExecuteScalarAsync());
    }

    /// <summary>Pronounceable made-up words (consonant-vowel syllables), distinct and never one of the seed texts' words.</summary>
    private static string[] Words()
    {
        const string consonants = "bdfgklmnprstvz", vowels = "aeiou";
        var random = new Random(2026);
        var words = new HashSet<string>();
        while (words.Count < Vocabulary)
        {
            var syllables = random.Next(2, 5);
            var word = string.Concat(Enumerable.Range(0, syllables).Select(_ => $"{consonants[random.Next(consonants.Length)]}{vowels[random.Next(vowels.Length)]}"));
            words.Add(word + "x");
        }
        return words.ToArray();
    }

    /// <summary>Ranks 0..n-1 drawn with probability proportional to 1/(rank+1), by binary search over the cumulative weights.</summary>
    private sealed class Zipf(int n, int seed)
    {
        private readonly Random random = new(seed);
        private readonly double[] cumulative = Cumulative(n);

        public int Next()
        {
            var index = Array.BinarySearch(cumulative, random.NextDouble() * cumulative[^1]);
            return Math.Min(index < 0 ? ~index : index, n - 1);
        }

        private static double[] Cumulative(int n)
        {
            var sums = new double[n];
            var total = 0.0;
            for (var i = 0; i < n; i++) sums[i] = total += 1.0 / (i + 1);
            return sums;
        }
    }
}
