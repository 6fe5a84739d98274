using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace CommHub.Benchmarks.Media;

/// <summary>
/// The parent's handle on one library's child process: this executable again with <c>media --worker</c>. It stays alive
/// for the whole run, so the libraries can take turns input by input, and its peak RSS is read before it is let go.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process child;

    private WorkerProcess(string library, Process child) => (Library, this.child) = (library, child);

    public string Library { get; }
    public string Version { get; private set; } = "";
    public List<InputFigure> Figures { get; } = [];

    public static async Task<WorkerProcess> StartAsync(string library, string folder, bool quick)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardInput = true, RedirectStandardOutput = true };
        // Under `dotnet CommHub.Benchmarks.dll` the process is the dotnet host: hand it the assembly again.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        foreach (var arg in new[] { "media", "--worker", library, "--inputs", folder }) start.ArgumentList.Add(arg);
        if (quick) start.ArgumentList.Add("--quick");
        var child = Process.Start(start) ?? throw new InvalidOperationException($"Could not start the {library} worker.");
        var worker = new WorkerProcess(library, child);
        worker.Version = await worker.ReadLineAsync(MediaWorker.ReadyPrefix);
        return worker;
    }

    /// <summary>Has the child make the thumbnails of one input with its two workers; the figures add up over rounds.</summary>
    public async Task MeasureAsync(int input)
    {
        await child.StandardInput.WriteLineAsync(input.ToString(CultureInfo.InvariantCulture));
        await child.StandardInput.FlushAsync();
        var json = await ReadLineAsync(MediaWorker.ResultPrefix);
        Figures.Add(JsonSerializer.Deserialize<InputFigure>(json) ?? throw new InvalidOperationException($"Empty result from {Library}."));
    }

    /// <summary>The child's high-water mark of resident memory (VmHWM on Linux), so far: call it when all work is done.</summary>
    public long PeakBytes()
    {
        child.Refresh();
        return child.PeakWorkingSet64;
    }

    private async Task<string> ReadLineAsync(string prefix)
    {
        while (await child.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal)) return line[prefix.Length..];
            Console.WriteLine($"[{Library}] {line}");
        }
        await child.WaitForExitAsync();
        throw new InvalidOperationException($"The {Library} worker ended (exit code {child.ExitCode}) before answering; see its errors above.");
    }

    public void Dispose()
    {
        if (!child.HasExited)
        {
            child.StandardInput.Close();
            if (!child.WaitForExit(TimeSpan.FromSeconds(30))) child.Kill();
        }
        child.Dispose();
    }
}
