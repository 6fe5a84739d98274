using System.Runtime.InteropServices;

namespace CommHub.Benchmarks.Media;

/// <summary>Prints the figures and judges them against the targets of the attachments issue.</summary>
internal static class MediaReport
{
    private const double MagickTarget = 5, SkiaTarget = 2, PeakTargetMegabytes = 300;

    private static readonly Dictionary<string, string> Names = new()
    {
        ["vips"] = "CommHub (libvips)", ["magick"] = "Magick.NET", ["skia"] = "SkiaSharp",
    };

    public static void Print(IReadOnlyList<MediaInput> plan, string folder, IReadOnlyList<LibraryRun> all, string load, int rounds, bool quick)
    {
        var floor = all.Single(r => r.Library == "none");
        var runs = all.Where(r => r != floor).ToList();
        var vips = runs.Single(r => r.Library == "vips");
        var magick = runs.Single(r => r.Library == "magick");
        var skia = runs.Single(r => r.Library == "skia");
        var fileMegabytes = plan.Select(i => new FileInfo(Path.Combine(folder, i.FileName)).Length / 1024.0 / 1024.0).ToList();

        Console.WriteLine();
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}; load average at start: {load}");
        Console.WriteLine($"Libraries: CommHub = VipsImageProcessor on {vips.Version}; {magick.Version}; {skia.Version}");
        Console.WriteLine($"Inputs: {plan.Count} generated images, JPEG (q90, EXIF orientation 6) and PNG, {plan.Min(i => i.Megapixels):F0} to {plan.Max(i => i.Megapixels):F0} MP, "
            + $"{fileMegabytes.Sum():F1} MB in all; each becomes a WebP q{Thumbnailers.Quality} thumbnail fitting {Thumbnailers.Size}x{Thumbnailers.Size}, upright, no metadata");
        Console.WriteLine($"Timing: each library in its own process with {MediaWorker.Workers} worker threads; the libraries take turns input by input, "
            + $"{rounds} round(s); one untimed thumbnail per input first{(quick ? "; --quick: few repetitions, rough figures" : "")}");
        Console.WriteLine();

        Console.WriteLine($"| {"input",-12} | {"file MB",7} | {"thumbs",6} | {Names["vips"] + " /s",22} | {Names["magick"] + " /s",13} | {Names["skia"] + " /s",12} |");
        Console.WriteLine($"|{new string('-', 14)}|{new string('-', 9)}|{new string('-', 8)}|{new string('-', 24)}|{new string('-', 15)}|{new string('-', 14)}|");
        for (var i = 0; i < plan.Count; i++)
        {
            var name = $"{(plan[i].Format == "jpg" ? "JPEG" : "PNG")} {plan[i].Size}";
            Console.WriteLine($"| {name,-12} | {fileMegabytes[i],7:F2} | {vips.Figures.Where(f => f.Size == plan[i].Size && f.Format == plan[i].Format).Sum(f => f.Thumbnails),6} | {vips.PerSecondOn(plan[i]),22:F2} | {magick.PerSecondOn(plan[i]),13:F2} | {skia.PerSecondOn(plan[i]),12:F2} |");
        }
        Console.WriteLine($"| {"all inputs",-12} | {fileMegabytes.Sum(),7:F2} | {vips.Thumbnails,6} | {vips.PerSecond,22:F2} | {magick.PerSecond,13:F2} | {skia.PerSecond,12:F2} |");
        Console.WriteLine();

        Console.WriteLine($"| {"library",-18} | {"thumbnails/s",12} | {"peak RSS MB",11} | {"CommHub speed-up",16} |");
        Console.WriteLine($"|{new string('-', 20)}|{new string('-', 14)}|{new string('-', 13)}|{new string('-', 18)}|");
        foreach (var run in runs)
            Console.WriteLine($"| {Names[run.Library],-18} | {run.PerSecond,12:F2} | {run.PeakMegabytes,11:F1} | {vips.PerSecond / run.PerSecond,15:F2}x |");
        Console.WriteLine($"Runtime floor: a worker process that loads no image library peaks at {floor.PeakMegabytes:F1} MB RSS");
        Console.WriteLine();

        var overMagick = vips.PerSecond / magick.PerSecond;
        var overSkia = vips.PerSecond / skia.PerSecond;
        Console.WriteLine($"Target >= {MagickTarget}x Magick.NET: {overMagick:F2}x, {Verdict(overMagick >= MagickTarget)}");
        Console.WriteLine($"Target >= {SkiaTarget}x SkiaSharp: {overSkia:F2}x, {Verdict(overSkia >= SkiaTarget)}");
        Console.WriteLine($"Target peak RSS < {PeakTargetMegabytes} MB with {MediaWorker.Workers} workers: {vips.PeakMegabytes:F1} MB, {Verdict(vips.PeakMegabytes < PeakTargetMegabytes)}");
        Console.WriteLine($"Rerun: {MediaBenchmark.Rerun}   (quick: {MediaBenchmark.Rerun} --quick)");
    }

    private static string Verdict(bool met) => met ? "met" : "MISSED";
}
