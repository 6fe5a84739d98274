using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace CommHub.Benchmarks;

/// <summary>
/// For <c>--explain</c>: records the SQL EF runs while switched on, so its plan can be shown with EXPLAIN QUERY PLAN.
/// Switched off it logs nothing, so the timings are not paying for it.
/// </summary>
internal sealed class SqlCapture : ILoggerProvider, ILogger
{
    public const string Category = "Microsoft.EntityFrameworkCore.Database.Command";
    private readonly List<string> commands = [];
    private bool on;

    public void Start()
    {
        commands.Clear();
        on = true;
    }

    public IReadOnlyList<string> Stop()
    {
        on = false;
        return commands.ToList();
    }

    /// <summary>SQLite plans do not depend on parameter values without STAT4, so the parameters may stay unbound.</summary>
    public static IEnumerable<string> Explain(string sqliteFile, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={sqliteFile};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        using var reader = command.ExecuteReader();
        var depth = new Dictionary<long, int> { [0] = 0 };
        while (reader.Read())
        {
            var level = depth.GetValueOrDefault(reader.GetInt64(1)) + 1;
            depth[reader.GetInt64(0)] = level;
            yield return new string(' ', 2 * level) + reader.GetString(3);
        }
    }

    public ILogger CreateLogger(string categoryName) => categoryName == Category ? this : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public bool IsEnabled(LogLevel logLevel) => on;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!on || eventId.Name != "Microsoft.EntityFrameworkCore.Database.Command.CommandExecuted") return;
        if (state is IReadOnlyList<KeyValuePair<string, object?>> fields && fields.FirstOrDefault(f => f.Key == "commandText").Value is string sql)
            commands.Add(sql);
    }

    public void Dispose()
    {
    }
}
