using System.Diagnostics;
using System.Text.Json;
using CommHub.Core.Attachments;

namespace CommHub.Benchmarks.Media;

/// <summary>What one library achieved on one input: thumbnails made by the two workers, and the wall time they took.</summary>
internal sealed record InputFigure(string Size, string Format, int Thumbnails, double Seconds, int Width, int Height, int Bytes);

/// <summary>
/// The child process side: one library, alone in its process, so the peak RSS the parent reads belongs to that library.
/// It measures the input whose index the parent writes on stdin, and leaves when stdin closes, so the parent can read
/// the peak first. Inputs are read from files per thumbnail, as the app reads originals from its blob folder.
/// </summary>
internal static class MediaWorker
{
    public const string ReadyPrefix = "READY ";
    public const string ResultPrefix = "RESULT ";
    public const int Workers = 2;

    public static int Run(string library, string folder, bool quick)
    {
        var plan = MediaInputs.Plan(quick);
        var thumbnailer = library == "none" ? null : Thumbnailers.Create(library);
        Console.WriteLine(ReadyPrefix + Thumbnailers.Version(library));
        var checkedInputs = new HashSet<int>();
        using var workers = new WorkerThreads(Workers);
        while (Console.ReadLine() is { } line && thumbnailer is not null)
        {
            var index = int.Parse(line, System.Globalization.CultureInfo.InvariantCulture);
            var figure = Measure(workers, thumbnailer, plan[index], Path.Combine(folder, plan[index].FileName), checkedInputs.Add(index));
            Console.WriteLine(ResultPrefix + JsonSerializer.Serialize(figure));
        }
        return 0;
    }

    private static InputFigure Measure(WorkerThreads workers, IThumbnailer thumbnailer, MediaInput input, string path, bool firstTime)
    {
        // The first time, one untimed thumbnail warms the library up; every thumbnail is checked afterwards.
        if (firstTime) Make(thumbnailer, path);
        var made = new ProcessedImage[input.Reps];
        var next = -1;
        var start = Stopwatch.GetTimestamp();
        workers.RunOnAll(() =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < input.Reps) made[i] = Make(thumbnailer, path);
        });
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;

        // Fail loudly rather than time the wrong job (the decode floor makes no thumbnail to check).
        var (width, height) = Thumbnailers.Fit(input.Upright.Width, input.Upright.Height);
        foreach (var thumbnail in thumbnailer is DecodeFloor ? [] : made)
            if (Math.Abs(thumbnail.Width - width) > 1 || Math.Abs(thumbnail.Height - height) > 1 || !IsWebp(thumbnail.Data))
                throw new InvalidOperationException($"{input.FileName}: expected a {width}x{height} WebP, got {thumbnail.Width}x{thumbnail.Height} {thumbnail.ContentType}.");
        return new InputFigure(input.Size, input.Format, input.Reps, seconds, made[0].Width, made[0].Height, made[0].Data.Length);
    }

    private static ProcessedImage Make(IThumbnailer thumbnailer, string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920);
        return thumbnailer.Thumbnail(stream);
    }

    private static bool IsWebp(byte[] data) =>
        data.Length > 12 && data.AsSpan(0, 4).SequenceEqual("RIFF"u8) && data.AsSpan(8, 4).SequenceEqual("WEBP"u8);
}
