using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Azure.Storage.Blobs;

namespace CommHub.Tests.TestSupport;

/// <summary>
/// A real Azurite blob emulator on a free loopback port, in a fresh folder, shared by the tests of the
/// <see cref="AzuriteCollection"/>. The executable comes from PATH or AZURITE_BLOB_PATH; ./test.sh installs it.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    // Azurite's documented development account; it exists only in the emulator.
    private const string AccountName = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string location = Path.Combine(Path.GetTempPath(), "commhub-azurite", Guid.NewGuid().ToString("N"));
    private readonly StringBuilder output = new();
    private Process? process;

    public string ConnectionString { get; private set; } = "";

    public BlobContainerClient Container(string name) => new(ConnectionString, name);

    public async Task InitializeAsync()
    {
        var executable = FindExecutable();
        var port = FreeLoopbackPort();
        Directory.CreateDirectory(location);
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--blobHost", "127.0.0.1", "--blobPort", port.ToString(), "--location", location,
            // No telemetry: these machines have no internet, and tests should not phone home anyway.
            "--silent", "--skipApiVersionCheck", "--loose", "--disableTelemetry",
        })
        {
            start.ArgumentList.Add(arg);
        }
        process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        await WaitUntilListeningAsync(port);
        ConnectionString = $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{port}/{AccountName};";
    }

    public Task DisposeAsync()
    {
        if (process is { HasExited: false }) process.Kill(entireProcessTree: true);
        process?.WaitForExit(10_000);
        process?.Dispose();
        try
        {
            Directory.Delete(location, recursive: true);
        }
        catch (IOException)
        {
            // Azurite may still be flushing its metadata as it dies; the temp folder is cleaned eventually.
        }
        return Task.CompletedTask;
    }

    private async Task WaitUntilListeningAsync(int port)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (process!.HasExited)
                throw new InvalidOperationException($"Azurite exited with code {process.ExitCode} before listening on port {port}. Output:\n{Output()}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException($"Azurite did not listen on 127.0.0.1:{port} within {StartTimeout.TotalSeconds} s. Output:\n{Output()}");
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
    }

    private string Output()
    {
        lock (output) return output.ToString();
    }

    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string FindExecutable()
    {
        var configured = Environment.GetEnvironmentVariable("AZURITE_BLOB_PATH");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured)
                ? configured
                : throw new InvalidOperationException($"AZURITE_BLOB_PATH is '{configured}', which does not exist. Run ./test.sh, which installs Azurite, or fix the variable.");
        }
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "azurite-blob");
            if (File.Exists(candidate)) return candidate;
        }
        throw new InvalidOperationException("No azurite-blob found on PATH. Run ./test.sh, which installs Azurite from npm, or set AZURITE_BLOB_PATH.");
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "azurite";
}
