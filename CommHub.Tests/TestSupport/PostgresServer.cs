using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace CommHub.Tests.TestSupport;

/// <summary>
/// A real PostgreSQL server for the whole test run: a throwaway cluster in a fresh temporary folder on a free loopback
/// port, started on first use and stopped (and its folder deleted) when the test process exits. The binaries are
/// Debian's (/usr/lib/postgresql/N/bin) or those in POSTGRES_BIN; ./test.sh installs the <c>postgresql</c> package.
/// initdb refuses to run as root, so under root the cluster belongs to, and runs as, the <c>postgres</c> user.
/// </summary>
public sealed class PostgresServer
{
    private const string OsUser = "postgres";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly Lazy<PostgresServer> Instance = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string bin;
    private readonly string folder;
    private readonly bool asPostgresUser;
    private readonly int port;

    private PostgresServer(string bin, string folder, bool asPostgresUser, int port)
    {
        this.bin = bin;
        this.folder = folder;
        this.asPostgresUser = asPostgresUser;
        this.port = port;
    }

    /// <summary>The one server of this test run, started on first use.</summary>
    public static PostgresServer Shared => Instance.Value;

    private string DataDirectory => Path.Combine(folder, "data");

    /// <summary>A connection string to <paramref name="database"/> on this server (the superuser, trusted on loopback).</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = port,
        Username = OsUser,
        Database = database,
        // Many hosts share one server in a test run; a small pool each keeps within max_connections.
        MaxPoolSize = 20,
    }.ConnectionString;

    /// <summary>Creates an empty database and returns its name.</summary>
    public string CreateDatabase()
    {
        var name = "commhub_" + Guid.NewGuid().ToString("N");
        Execute($"CREATE DATABASE \"{name}\"");
        return name;
    }

    /// <summary>Drops the database, closing whatever connections are still open to it.</summary>
    public void DropDatabase(string name)
    {
        NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString(name)));
        Execute($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    private void Execute(string sql)
    {
        // Pooling off: the maintenance database's connections must not linger and hold the server's slots.
        using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static PostgresServer Start()
    {
        var bin = FindBinaries();
        var asPostgresUser = Environment.UserName == "root";
        var folder = Path.Combine(Path.GetTempPath(), "commhub-postgres", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var server = new PostgresServer(bin, folder, asPostgresUser, FreeLoopbackPort());
        try
        {
            if (asPostgresUser) Run("chown", [$"{OsUser}:{OsUser}", folder]);
            // UTF-8, ordered and compared as a typical production server does (ICU's en-US, linguistic: not SQLite's
            // code-point order; C.UTF-8, present on every Debian, only for the server's own messages); trusted local connections only.
            server.RunAsOwner("initdb", ["-D", server.DataDirectory, "-U", OsUser, "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--locale-provider=icu", "--icu-locale=en-US", "--no-sync"]);
            server.RunAsOwner("pg_ctl", [
                "-D", server.DataDirectory, "-l", Path.Combine(folder, "server.log"), "-w", "-t", ((int)StartTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture),
                "-o", string.Join(' ',
                    $"-p {server.port}", "-c listen_addresses=127.0.0.1", $"-c unix_socket_directories={folder}", "-c max_connections=400",
                    // A throwaway cluster: durability is not needed, speed is.
                    "-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"),
                "start"]);
        }
        catch
        {
            server.Stop();
            throw;
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        server.StartWatchdog();
        return server;
    }

    /// <summary>
    /// The test host may be killed before its exit handlers finish (the runner does not wait long): a small shell
    /// process outlives it, then stops the server if it still runs and deletes the folder.
    /// </summary>
    private void StartWatchdog()
    {
        const string Script = """
            exec </dev/null >/dev/null 2>&1
            while kill -0 "$0"; do sleep 1; done
            if [ -f "$1/data/postmaster.pid" ]; then $3 "$2/pg_ctl" -D "$1/data" -m immediate -w stop; fi
            rm -rf "$1"
            """;
        var start = new ProcessStartInfo("setsid")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var arg in new[] { "sh", "-c", Script, Environment.ProcessId.ToString(CultureInfo.InvariantCulture), folder, bin, asPostgresUser ? $"runuser -u {OsUser} --" : "" })
        {
            start.ArgumentList.Add(arg);
        }
        Process.Start(start)?.Dispose();
    }

    private void Stop()
    {
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            try
            {
                RunAsOwner("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"]);
            }
            catch (InvalidOperationException)
            {
                // Already stopped; the folder goes anyway.
            }
        }
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // The temp folder is cleaned eventually.
        }
    }

    private void RunAsOwner(string tool, IReadOnlyList<string> args)
    {
        var path = Path.Combine(bin, tool);
        if (asPostgresUser) Run("runuser", ["-u", OsUser, "--", path, .. args]);
        else Run(path, args);
    }

    private static void Run(string file, IReadOnlyList<string> args)
    {
        // From the temp folder: the postgres user may not be able to enter the test's working directory.
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(StartTimeout + TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish.");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with code {process.ExitCode}:\n{stdout.Result}\n{stderr.Result}");
    }

    private static string FindBinaries()
    {
        var configured = Environment.GetEnvironmentVariable("POSTGRES_BIN");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(Path.Combine(configured, "initdb"))
                ? configured
                : throw new InvalidOperationException($"POSTGRES_BIN is '{configured}', which has no initdb. Run ./test.sh, which installs PostgreSQL, or fix the variable.");
        }
        // The newest major version Debian has installed.
        var found = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .Where(c => File.Exists(Path.Combine(c.Dir, "initdb")) && File.Exists(Path.Combine(c.Dir, "pg_ctl")))
                .OrderByDescending(c => c.Version).Select(c => c.Dir).FirstOrDefault()
            : null;
        return found ?? throw new InvalidOperationException(
            "No PostgreSQL server binaries found in /usr/lib/postgresql/*/bin. Run ./test.sh, which installs Debian's postgresql package, or set POSTGRES_BIN.");
    }

    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
