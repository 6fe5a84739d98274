using Microsoft.Data.Sqlite;

namespace CommHub.Benchmarks;

/// <summary>
/// One prepared, parameterised INSERT reused for every row of a table: SQLite parses the statement once, and
/// Microsoft.Data.Sqlite binds DateTime exactly as EF Core's SQLite provider stores it ("yyyy-MM-dd HH:mm:ss.FFFFFFF").
/// </summary>
internal sealed class BulkInsert : IDisposable
{
    private readonly SqliteCommand command;
    private readonly SqliteParameter[] parameters;

    public BulkInsert(SqliteConnection connection, SqliteTransaction transaction, string table, params string[] columns)
    {
        command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) "
            + $"VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";
        parameters = columns.Select((_, i) => command.Parameters.Add(new SqliteParameter($"$p{i}", DBNull.Value))).ToArray();
        command.Prepare();
    }

    public void Row(params object?[] values)
    {
        if (values.Length != parameters.Length) throw new ArgumentException($"Expected {parameters.Length} values, got {values.Length}.");
        for (var i = 0; i < values.Length; i++) parameters[i].Value = values[i] ?? DBNull.Value;
        command.ExecuteNonQuery();
    }

    public void Dispose() => command.Dispose();
}
