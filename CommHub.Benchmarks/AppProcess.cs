using System.Diagnostics;

namespace CommHub.Benchmarks;

/// <summary>CommHub.Web as the newcomer runs it (embedded defaults), on a data folder and a loopback port.</summary>
internal sealed class AppProcess(Process process)
{
    public TimeSpan Cpu
    {
        get
        {
            try
            {
                return process.TotalProcessorTime;
            }
            catch (InvalidOperationException)
            {
                return TimeSpan.Zero;
            }
        }
    }

    /// <summary>Starts the app; <paramref name="environment"/> adds settings (as environment variables, <c>__</c> for <c>:</c>).</summary>
    public static async Task<AppProcess> StartAsync(string dataPath, int port, Dictionary<string, string> environment)
    {
        var dll = WebAssembly();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["CommHub__DataPath"] = dataPath;
        start.Environment["CommHub__Bootstrap__AdminPassword"] = "benchmark admin password 1";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment) start.Environment[name] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the app.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) Console.Error.WriteLine("  app: " + line); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (process.HasExited) throw new InvalidOperationException($"The app exited with {process.ExitCode} while starting.");
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{port}/health/ready")).IsSuccessStatusCode) return new AppProcess(process);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            await Task.Delay(250);
        }
        process.Kill(entireProcessTree: true);
        throw new TimeoutException("The app did not become ready within 2 minutes.");
    }

    /// <summary>SIGKILL: no shutdown, no flush, exactly what a crash or an OOM kill does.</summary>
    public void Kill()
    {
        if (process.HasExited) return;
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    /// <summary>The app as built beside this benchmark (same configuration), found from the repository root.</summary>
    private static string WebAssembly()
    {
        // This runs from CommHub.Benchmarks/bin/<configuration>/net10.0/.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent?.Name ?? "Release";
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CommHub.sln"))) dir = dir.Parent;
        if (dir is null) throw new InvalidOperationException("The repository (CommHub.sln) was not found above " + AppContext.BaseDirectory);
        var dll = Path.Combine(dir.FullName, "CommHub.Web", "bin", configuration, "net10.0", "CommHub.Web.dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"The app is not built at {dll}.");
    }
}
