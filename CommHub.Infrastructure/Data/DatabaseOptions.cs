using System.ComponentModel.DataAnnotations;

namespace CommHub.Infrastructure.Data;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
    PostgreSql,
}

/// <summary>Section <c>Database</c>; the connection string is <c>ConnectionStrings:CommHub</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string ConnectionStringName = "CommHub";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
}

/// <summary>Section <c>CommHub</c>: where the embedded defaults keep their files.</summary>
public sealed class StorageOptions
{
    public const string Section = "CommHub";

    /// <summary>Folder for the SQLite file, the local blob store and the Data Protection keys; relative to the content root.</summary>
    [Required]
    public string DataPath { get; set; } = "data";
}
