using System.Diagnostics;

namespace CommHub.Benchmarks.Media;

/// <summary>One library's figures summed over the rounds, and its child process's peak RSS.</summary>
internal sealed record LibraryRun(string Library, string Version, IReadOnlyList<InputFigure> Figures, long PeakBytes)
{
    public int Thumbnails => Figures.Sum(f => f.Thumbnails);
    public double PerSecond => Thumbnails / Figures.Sum(f => f.Seconds);
    public double PeakMegabytes => PeakBytes / 1024.0 / 1024.0;

    public double PerSecondOn(MediaInput input)
    {
        var mine = Figures.Where(f => f.Size == input.Size && f.Format == input.Format).ToList();
        return mine.Sum(f => f.Thumbnails) / mine.Sum(f => f.Seconds);
    }
}

/// <summary>
/// Thumbnails per second and peak memory of the media pipeline against Magick.NET and SkiaSharp doing the same job.
/// Each library runs in its own child process (this executable again, with --worker); they take turns.
/// </summary>
internal static class MediaBenchmark
{
    public const string Rerun = "dotnet run -c Release --project CommHub.Benchmarks -- media";
    private const string Usage = Rerun + " [--quick] [--rounds N] [--keep]";
    private const int Rounds = 4;

    public static async Task<int> RunAsync(string[] args)
    {
        bool quick = false, keep = false;
        int? rounds = null;
        string? worker = null, inputs = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick": quick = true; break;
                case "--keep": keep = true; break;
                case "--rounds" when i + 1 < args.Length && int.TryParse(args[i + 1], out var n) && n > 0: rounds = n; i++; break;
                case "--worker" when i + 1 < args.Length: worker = args[++i]; break;
                case "--inputs" when i + 1 < args.Length: inputs = args[++i]; break;
                default:
                    Console.Error.WriteLine($"Unknown or invalid argument '{args[i]}'.\nUsage: {Usage}");
                    return 2;
            }
        }
        if (worker is not null && inputs is not null) return MediaWorker.Run(worker, inputs, quick);

        var plan = MediaInputs.Plan(quick);
        var folder = Directory.CreateTempSubdirectory("commhub-media-").FullName;
        try
        {
            Console.WriteLine($"Generating {plan.Count} images into {folder} ...");
            var generating = Stopwatch.StartNew();
            MediaInputs.Write(plan, folder);
            Console.WriteLine($"Generated in {generating.Elapsed.TotalSeconds:F1} s");
            var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";

            // More rounds show whether a worker's memory keeps growing with the work it has done.
            var roundCount = rounds ?? (quick ? 1 : Rounds);
            var runs = await MeasureAsync(plan, folder, roundCount, quick);
            MediaReport.Print(plan, folder, runs, load, roundCount, quick);
            return 0;
        }
        finally
        {
            if (keep) Console.WriteLine($"Kept the images in {folder}");
            else Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// All library processes stay up and take turns, input by input, round by round (who goes first rotates), so noise
    /// from other work on a shared machine falls on every library alike. "none" loads no image library: the floor.
    /// </summary>
    private static async Task<IReadOnlyList<LibraryRun>> MeasureAsync(IReadOnlyList<MediaInput> plan, string folder, int rounds, bool quick)
    {
        var workers = new List<WorkerProcess>();
        try
        {
            foreach (var library in Thumbnailers.Libraries.Append("none"))
                workers.Add(await WorkerProcess.StartAsync(library, folder, quick));
            var measured = workers.Take(Thumbnailers.Libraries.Length).ToList();
            for (var round = 0; round < rounds; round++)
            {
                Console.WriteLine($"Round {round + 1} of {rounds} ...");
                for (var input = 0; input < plan.Count; input++)
                    for (var turn = 0; turn < measured.Count; turn++)
                        await measured[(round + input + turn) % measured.Count].MeasureAsync(input);
            }
            return workers.Select(w => new LibraryRun(w.Library, w.Version, w.Figures, w.PeakBytes())).ToList();
        }
        finally
        {
            workers.ForEach(w => w.Dispose());
        }
    }
}
