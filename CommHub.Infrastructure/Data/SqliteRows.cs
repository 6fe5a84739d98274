using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CommHub.Infrastructure.Data;

/// <summary>
/// Writes many rows of a context's entity types through statements prepared once per shape (an insert of a type, an
/// update of a set of columns) and reused for every row, in the context's current transaction. The SQL, the column
/// names and the parameter conversions come from the EF model, exactly as SaveChanges would write them; a type the
/// model maps in a way this does not cover (a composite key, a concurrency token, table splitting, inheritance, a
/// store-generated value other than the key) is refused.
/// </summary>
internal sealed class SqliteRows(DbContext db) : IAsyncDisposable
{
    private const int ConstraintViolation = 19;

    private readonly ISqlGenerationHelper sql = db.GetService<ISqlGenerationHelper>();
    private readonly Dictionary<string, Statement> statements = [];
    private readonly Dictionary<IEntityType, bool> simple = [];

    /// <summary>Inserts entities the context does not track; their references to saved principals set their foreign keys; sets their keys.</summary>
    public async Task InsertAsync<T>(IReadOnlyList<T> entities, CancellationToken cancellationToken) where T : class
    {
        if (entities.Count == 0) return;
        var type = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        if (!IsSimple(type) || type.GetProperties().Any(p => p.ValueGenerated != ValueGenerated.Never && !p.IsPrimaryKey()))
            throw new NotSupportedException($"{type.DisplayName()} is mapped in a way SqliteRows does not write; use SaveChanges.");
        var key = type.FindPrimaryKey()!.Properties[0];
        var columns = type.GetProperties().Where(p => !(p.IsPrimaryKey() && p.ValueGenerated == ValueGenerated.OnAdd)).ToList();
        var statement = Prepare($"insert {type.Name}", columns, () =>
            $"INSERT INTO {Table(type)} ({string.Join(", ", columns.Select(Column))}) VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i))}) RETURNING {Column(key)};");
        foreach (var entity in entities)
        {
            SetForeignKeysFromReferences(type, entity);
            for (var i = 0; i < columns.Count; i++) statement.Bind(i, columns[i].GetGetter().GetClrValue(entity));
            var id = await ExecuteAsync(() => statement.Command.ExecuteScalarAsync(cancellationToken));
            key.PropertyInfo!.SetValue(entity, Convert.ChangeType(id, key.ClrType, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Writes the named properties of entities the context does not track to their rows.</summary>
    public async Task UpdateAsync<T>(IReadOnlyList<T> entities, IReadOnlyList<string> properties, CancellationToken cancellationToken) where T : class
    {
        if (entities.Count == 0) return;
        var type = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        if (!IsSimple(type)) throw new NotSupportedException($"{type.DisplayName()} is mapped in a way SqliteRows does not write; use SaveChanges.");
        var key = type.FindPrimaryKey()!.Properties[0];
        var columns = properties.Select(name => type.FindProperty(name) ?? throw new ArgumentException($"{type.DisplayName()} has no property {name}.", nameof(properties)))
            .Append(key).ToList();
        var statement = Prepare($"update {type.Name}: {string.Join(',', properties)}", columns, () => UpdateSql(type, columns));
        foreach (var entity in entities)
        {
            for (var i = 0; i < columns.Count; i++) statement.Bind(i, columns[i].GetGetter().GetClrValue(entity));
            await UpdateRowAsync(type, statement, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var statement in statements.Values) await statement.Command.DisposeAsync();
    }

    /// <summary>One table, one key column, no concurrency token: the rows SaveChanges would write with a plain statement.</summary>
    private bool IsSimple(IEntityType type) => simple.TryGetValue(type, out var known) ? known : simple[type] = Check(type);

    private static bool Check(IEntityType type) =>
        type.FindPrimaryKey() is { Properties.Count: 1 } && type.GetTableName() is not null && type.BaseType is null && !type.GetDerivedTypes().Any()
        && !type.IsOwned() && !type.GetProperties().Any(p => p.IsConcurrencyToken) && type.GetTableMappings().Count() == 1
        && !type.GetNavigations().Any(n => n.TargetEntityType.IsOwned());

    /// <summary>A reference to a principal (message.Conversation) sets the foreign key (ConversationId), as SaveChanges' fixup would.</summary>
    private static void SetForeignKeysFromReferences(IEntityType type, object entity)
    {
        foreach (var foreignKey in type.GetForeignKeys())
        {
            if (foreignKey.DependentToPrincipal?.GetGetter().GetClrValue(entity) is not { } principal) continue;
            var principalKey = foreignKey.PrincipalKey.Properties[0].GetGetter().GetClrValue(principal);
            if (principalKey is null || principalKey.Equals(foreignKey.PrincipalKey.Properties[0].Sentinel))
                throw new InvalidOperationException($"The {foreignKey.PrincipalEntityType.DisplayName()} a {type.DisplayName()} points at is not saved yet.");
            foreignKey.Properties[0].PropertyInfo!.SetValue(entity, principalKey);
        }
    }

    private Statement Prepare(string shape, IReadOnlyList<IProperty> columns, Func<string> text)
    {
        if (statements.TryGetValue(shape, out var statement)) return statement;
        var command = (SqliteCommand)db.Database.GetDbConnection().CreateCommand();
        command.Transaction = (SqliteTransaction?)db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = text();
        var mappings = columns.Select(p => p.GetRelationalTypeMapping()).ToList();
        for (var i = 0; i < columns.Count; i++) command.Parameters.Add(mappings[i].CreateParameter(command, "@p" + i, null, columns[i].IsNullable));
        command.Prepare();
        return statements[shape] = new Statement(command, mappings);
    }

    /// <summary>UPDATE of the columns but the last, which is the key.</summary>
    private string UpdateSql(IEntityType type, IReadOnlyList<IProperty> columns) =>
        $"UPDATE {Table(type)} SET {string.Join(", ", columns.SkipLast(1).Select((p, i) => $"{Column(p)} = @p{i}"))} WHERE {Column(columns[^1])} = @p{columns.Count - 1};";

    private static async Task UpdateRowAsync(IEntityType type, Statement statement, CancellationToken cancellationToken)
    {
        var rows = await ExecuteAsync(() => statement.Command.ExecuteNonQueryAsync(cancellationToken));
        if (rows != 1) throw new DbUpdateConcurrencyException($"The {type.DisplayName()} to update was not found (it was deleted meanwhile).");
    }

    private static async Task<TResult> ExecuteAsync<TResult>(Func<Task<TResult>> execute)
    {
        try
        {
            return await execute();
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == ConstraintViolation)
        {
            // As SaveChanges reports it, so callers handle a unique index race the same way on every path.
            throw new DbUpdateException($"A row broke a constraint: {ex.Message}", ex);
        }
    }

    private string Table(IEntityType type) => sql.DelimitIdentifier(type.GetTableName()!, type.GetSchema());

    private string Column(IProperty property) =>
        sql.DelimitIdentifier(property.GetColumnName(StoreObjectIdentifier.Table(property.DeclaringType.GetTableName()!, property.DeclaringType.GetSchema()))!);

    private sealed record Statement(SqliteCommand Command, IReadOnlyList<RelationalTypeMapping> Mappings)
    {
        /// <summary>The value as the column's type mapping writes it (its converter: enums, UTC times).</summary>
        public void Bind(int index, object? value) =>
            Command.Parameters[index].Value = (value is null ? null : Mappings[index].Converter?.ConvertToProvider(value) ?? value) ?? DBNull.Value;
    }
}
