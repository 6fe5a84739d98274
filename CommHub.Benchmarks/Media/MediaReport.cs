using System.Runtime.InteropServices;

namespace CommHub.Benchmarks.Media;

/// <summary>Prints the figures and judges them against the targets of the attachments issue.</summary>
internal static class MediaReport
{
    // The restated targets (#22), per input class: against ImageSharp and tuned SkiaSharp, and against the decode floor.
    private const double ImageSharpTarget = 3, SkiaTarget = 1.0, FloorTarget = 1.25, PeakTargetMegabytes = 200;

    private static readonly Dictionary<string, string> Names = new()
    {
        ["vips"] = "CommHub (libvips)", ["magick"] = "Magick.NET", ["skia"] = "SkiaSharp",
        ["magick-plain"] = "Magick.NET plain", ["skia-plain"] = "SkiaSharp plain", ["imagesharp"] = "ImageSharp",
        [Thumbnailers.Floor] = "decode floor",
    };

    public static void Print(IReadOnlyList<MediaInput> plan, string folder, IReadOnlyList<LibraryRun> all, string load, int rounds, bool quick)
    {
        var floor = all.Single(r => r.Library == "none");
        var runs = all.Where(r => r != floor).ToList();
        var vips = runs.Single(r => r.Library == "vips");
        var magick = runs.Single(r => r.Library == "magick");
        var skia = runs.Single(r => r.Library == "skia");
        var imageSharp = runs.Single(r => r.Library == "imagesharp");
        var decodeFloor = runs.Single(r => r.Library == Thumbnailers.Floor);
        var fileMegabytes = plan.Select(i => new FileInfo(Path.Combine(folder, i.FileName)).Length / 1024.0 / 1024.0).ToList();

        Console.WriteLine();
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}; load average at start: {load}");
        Console.WriteLine($"Libraries: CommHub = VipsImageProcessor on {vips.Version}; {magick.Version}; {skia.Version}; {imageSharp.Version}; floor = {decodeFloor.Version}; \"plain\" = the same library decoding at full size");
        Console.WriteLine($"Inputs: {plan.Count} generated images, JPEG (q90, EXIF orientation 6) and PNG, {plan.Min(i => i.Megapixels):F0} to {plan.Max(i => i.Megapixels):F0} MP, "
            + $"{fileMegabytes.Sum():F1} MB in all; each becomes a WebP q{Thumbnailers.Quality} thumbnail fitting {Thumbnailers.Size}x{Thumbnailers.Size}, upright, no metadata");
        Console.WriteLine($"Timing: each library in its own process with {MediaWorker.Workers} worker threads; the libraries take turns input by input, "
            + $"{rounds} round(s); one untimed thumbnail per input first{(quick ? "; --quick: few repetitions, rough figures" : "")}");
        Console.WriteLine();

        // Thumbnails per second per input, one column per library.
        var headers = runs.Select(r => Names[r.Library] + " /s").ToList();
        Console.WriteLine($"| {"input",-12} | {"file MB",7} | {"thumbs",6} | " + string.Join(" | ", headers) + " |");
        Console.WriteLine($"|{new string('-', 14)}|{new string('-', 9)}|{new string('-', 8)}|" + string.Join("|", headers.Select(h => new string('-', h.Length + 2))) + "|");
        string Cells(Func<LibraryRun, double> figure) => string.Join(" | ", runs.Select((r, i) => figure(r).ToString("F2").PadLeft(headers[i].Length)));
        for (var i = 0; i < plan.Count; i++)
        {
            var input = plan[i];
            var name = $"{(input.Format == "jpg" ? "JPEG" : "PNG")} {input.Size}";
            var thumbs = vips.Figures.Where(f => f.Size == input.Size && f.Format == input.Format).Sum(f => f.Thumbnails);
            Console.WriteLine($"| {name,-12} | {fileMegabytes[i],7:F2} | {thumbs,6} | {Cells(r => r.PerSecondOn(input))} |");
        }
        Console.WriteLine($"| {"all inputs",-12} | {fileMegabytes.Sum(),7:F2} | {vips.Thumbnails,6} | {Cells(r => r.PerSecond)} |");
        Console.WriteLine();

        Console.WriteLine($"| {"library",-18} | {"thumbnails/s",12} | {"peak RSS MB",11} | {"CommHub speed-up",16} |");
        Console.WriteLine($"|{new string('-', 20)}|{new string('-', 14)}|{new string('-', 13)}|{new string('-', 18)}|");
        foreach (var run in runs.Where(r => r != decodeFloor))
            Console.WriteLine($"| {Names[run.Library],-18} | {run.PerSecond,12:F2} | {run.PeakMegabytes,11:F1} | {vips.PerSecond / run.PerSecond,15:F2}x |");
        Console.WriteLine($"Runtime floor: a worker process that loads no image library peaks at {floor.PeakMegabytes:F1} MB RSS");
        Console.WriteLine();

        // Per input class, against the libraries tuned to scale while decoding as libvips does (ImageSharp 2.1 cannot).
        Console.WriteLine($"| {"input",-12} | {"x ImageSharp",12} | {"x SkiaSharp",11} | {"time / floor",12} |");
        Console.WriteLine($"|{new string('-', 14)}|{new string('-', 14)}|{new string('-', 13)}|{new string('-', 14)}|");
        var classes = plan.Select(input => (
            Name: $"{(input.Format == "jpg" ? "JPEG" : "PNG")} {input.Size}",
            OverImageSharp: vips.PerSecondOn(input) / imageSharp.PerSecondOn(input),
            OverSkia: vips.PerSecondOn(input) / skia.PerSecondOn(input),
            OverFloor: decodeFloor.PerSecondOn(input) / vips.PerSecondOn(input))).ToList();
        foreach (var c in classes)
            Console.WriteLine($"| {c.Name,-12} | {c.OverImageSharp,11:F2}x | {c.OverSkia,10:F2}x | {c.OverFloor,11:F2}x |");
        Console.WriteLine();
        static string Worst(IEnumerable<(string Name, double Value)> values, bool lowest)
        {
            var worst = lowest ? values.MinBy(v => v.Value) : values.MaxBy(v => v.Value);
            return $"worst {worst.Value:F2}x on {worst.Name}";
        }
        Console.WriteLine($"Target >= {ImageSharpTarget}x ImageSharp on every class: {Worst(classes.Select(c => (c.Name, c.OverImageSharp)), true)}, "
            + Verdict(classes.All(c => c.OverImageSharp >= ImageSharpTarget)));
        Console.WriteLine($"Target >= {SkiaTarget:F1}x tuned SkiaSharp on every class: {Worst(classes.Select(c => (c.Name, c.OverSkia)), true)}, "
            + $"{Verdict(classes.All(c => c.OverSkia >= SkiaTarget))}{Plain(runs, vips, "skia-plain")}");
        Console.WriteLine($"Target CommHub's time at most {FloorTarget}x the decode floor on every class: {Worst(classes.Select(c => (c.Name, c.OverFloor)), false)}, "
            + Verdict(classes.All(c => c.OverFloor <= FloorTarget)));
        Console.WriteLine($"Magick.NET, for comparison: CommHub {vips.PerSecond / magick.PerSecond:F2}x over all inputs{Plain(runs, vips, "magick-plain")}");
        Console.WriteLine($"Target peak RSS <= {PeakTargetMegabytes} MB with {MediaWorker.Workers} workers: {vips.PeakMegabytes:F1} MB, {Verdict(vips.PeakMegabytes <= PeakTargetMegabytes)}");
        Console.WriteLine($"Rerun: {MediaBenchmark.Rerun}   (quick: {MediaBenchmark.Rerun} --quick)");
    }

    private static string Plain(IEnumerable<LibraryRun> runs, LibraryRun vips, string library) =>
        runs.SingleOrDefault(r => r.Library == library) is { } plain ? $" (against it decoding at full size: {vips.PerSecond / plain.PerSecond:F2}x)" : "";

    private static string Verdict(bool met) => met ? "met" : "MISSED";
}
