using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using SQLitePCL;

namespace CommHub.Infrastructure.Data;

/// <summary>
/// Writes many rows of a context's entity types through statements prepared once per shape (an insert of a type, an
/// update of a set of columns) and reused for every row, on the context's connection and so in its current transaction.
/// Values are bound by position: Microsoft.Data.Sqlite looks every parameter up by name on every execution, which for a
/// message's 29 columns cost more than SQLite's own work. The SQL, the column names and the value conversions come from
/// the EF model; values are stored as Microsoft.Data.Sqlite stores them for SaveChanges (times as
/// "yyyy-MM-dd HH:mm:ss.FFFFFFF" text, booleans and enums as integers). A type the model maps in a way this does not
/// cover (inheritance, table splitting, owned types, a concurrency token, a store-generated value other than a
/// single-column key, a column type other than integers, reals, text, times and blobs) is refused, or, among a
/// context's added entries, left to SaveChanges.
/// </summary>
internal sealed class SqliteRows(DbContext db) : IDisposable
{
    private const int Row = 100;
    private const int Done = 101;

    private readonly sqlite3 connection = ((SqliteConnection)db.Database.GetDbConnection()).Handle
        ?? throw new InvalidOperationException("The context's connection is not open: write inside its transaction.");
    private readonly ISqlGenerationHelper sql = db.GetService<ISqlGenerationHelper>();
    private readonly Dictionary<string, Statement> statements = [];
    private readonly Dictionary<IEntityType, bool> writable = [];

    /// <summary>Inserts entities the context does not track; their references to saved principals set their foreign keys; sets their keys.</summary>
    public void Insert<T>(IReadOnlyList<T> entities, CancellationToken cancellationToken) where T : class
    {
        if (entities.Count == 0) return;
        var type = EntityType<T>();
        var (statement, columns, key) = InsertStatement(type);
        foreach (var entity in entities)
        {
            cancellationToken.ThrowIfCancellationRequested();
            SetForeignKeysFromReferences(type, entity);
            for (var i = 0; i < columns.Count; i++) statement.Bind(i, columns[i].GetGetter().GetClrValue(entity));
            var id = statement.Execute(type, returnsKey: key is not null);
            key?.PropertyInfo!.SetValue(entity, Convert.ChangeType(id, key.ClrType, CultureInfo.InvariantCulture));
        }
    }

    /// <summary>
    /// Inserts the context's added entities that this can write — principals before their dependents, a generated key
    /// handed on to the dependents' foreign keys as SaveChanges does — and accepts them. Returns how many are left to
    /// SaveChanges (a type this does not write, and whatever depends on it).
    /// </summary>
    public int InsertAdded(IReadOnlyList<EntityEntry> added, CancellationToken cancellationToken)
    {
        var pending = added.Where(e => e.State == EntityState.Added).GroupBy(e => e.Metadata).ToDictionary(g => g.Key, g => g.ToList());
        var left = pending.Keys.Where(t => !IsWritable(t) || t.GetForeignKeys().Any(fk => fk.PrincipalEntityType == t)).ToHashSet();
        while (pending.Keys.Except(left).FirstOrDefault(t => t.GetForeignKeys().All(fk => !pending.ContainsKey(fk.PrincipalEntityType))) is { } type)
        {
            var (statement, columns, key) = InsertStatement(type);
            foreach (var entry in pending[type])
            {
                cancellationToken.ThrowIfCancellationRequested();
                for (var i = 0; i < columns.Count; i++) statement.Bind(i, entry.Property(columns[i].Name).CurrentValue);
                var id = statement.Execute(type, returnsKey: key is not null);
                // Setting the key hands it on to the dependents' foreign keys, as SaveChanges does.
                if (key is not null) entry.Property(key.Name).CurrentValue = Convert.ChangeType(id, key.ClrType, CultureInfo.InvariantCulture);
                // Accepted as SaveChanges accepts: what was written is the original now.
                entry.OriginalValues.SetValues(entry.CurrentValues);
                entry.State = EntityState.Unchanged;
            }
            pending.Remove(type);
        }
        // A type left, and so all that depend on it, stay added for SaveChanges.
        return pending.Values.Sum(entries => entries.Count);
    }

    /// <summary>Writes the named properties of entities the context does not track to their rows.</summary>
    public void Update<T>(IReadOnlyList<T> entities, IReadOnlyList<string> properties, CancellationToken cancellationToken) where T : class
    {
        if (entities.Count == 0) return;
        var type = EntityType<T>();
        var key = type.FindPrimaryKey() is { Properties: [var only] } ? only : throw new NotSupportedException($"{type.DisplayName()} has a composite key; use SaveChanges.");
        var columns = properties.Select(name => type.FindProperty(name) ?? throw new ArgumentException($"{type.DisplayName()} has no property {name}.", nameof(properties)))
            .Append(key).ToList();
        var statement = Prepare($"update {type.Name}: {string.Join(',', properties)}", columns, () =>
            $"UPDATE {Table(type)} SET {string.Join(", ", columns.SkipLast(1).Select(p => $"{Column(p)} = ?"))} WHERE {Column(key)} = ?;");
        foreach (var entity in entities)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var i = 0; i < columns.Count; i++) statement.Bind(i, columns[i].GetGetter().GetClrValue(entity));
            statement.Execute(type, returnsKey: false);
            if (raw.sqlite3_changes(connection) != 1) throw new DbUpdateConcurrencyException($"The {type.DisplayName()} to update was not found (it was deleted meanwhile).");
        }
    }

    public void Dispose()
    {
        foreach (var statement in statements.Values) statement.Dispose();
    }

    private IEntityType EntityType<T>()
    {
        var type = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        return IsWritable(type) ? type : throw new NotSupportedException($"{type.DisplayName()} is mapped in a way SqliteRows does not write; use SaveChanges.");
    }

    private bool IsWritable(IEntityType type) => writable.TryGetValue(type, out var known) ? known : writable[type] = CanWrite(type);

    /// <summary>
    /// One table, no inheritance or owned types, no concurrency token, no value the store generates but a single-column
    /// key: the rows SaveChanges writes with a plain statement.
    /// </summary>
    private static bool CanWrite(IEntityType type) =>
        type.FindPrimaryKey() is { } key && type.GetTableName() is not null && type.BaseType is null && !type.GetDerivedTypes().Any()
        && !type.IsOwned() && type.GetTableMappings().Count() == 1 && !type.GetNavigations().Any(n => n.TargetEntityType.IsOwned())
        && !type.GetProperties().Any(p => p.IsConcurrencyToken)
        && type.GetProperties().All(p => Binds(p) && (p.ValueGenerated == ValueGenerated.Never || (key.Properties.Count == 1 && p.IsPrimaryKey())));

    /// <summary>Whether the column's stored type (after the mapping's converter) is one <see cref="Statement.Bind"/> writes.</summary>
    private static bool Binds(IProperty property)
    {
        var mapping = property.GetRelationalTypeMapping();
        var stored = mapping.Converter?.ProviderClrType ?? mapping.ClrType;
        stored = Nullable.GetUnderlyingType(stored) ?? stored;
        return Statement.Binds(stored.IsEnum ? Enum.GetUnderlyingType(stored) : stored);
    }

    /// <summary>The insert of every column but a generated key, which the statement returns.</summary>
    private (Statement Statement, IReadOnlyList<IProperty> Columns, IProperty? Key) InsertStatement(IEntityType type)
    {
        var key = type.FindPrimaryKey() is { Properties: [var only] } && only.ValueGenerated == ValueGenerated.OnAdd ? only : null;
        var columns = type.GetProperties().Where(p => p != key).ToList();
        var statement = Prepare($"insert {type.Name}", columns, () =>
            $"INSERT INTO {Table(type)} ({string.Join(", ", columns.Select(Column))}) VALUES ({string.Join(", ", columns.Select(_ => "?"))})"
            + (key is null ? ";" : $" RETURNING {Column(key)};"));
        return (statement, columns, key);
    }

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
        var converters = columns.Select(p => Binds(p) ? p.GetRelationalTypeMapping().Converter
            : throw new NotSupportedException($"SqliteRows does not write {p.DeclaringType.DisplayName()}.{p.Name}; use SaveChanges.")).ToList();
        Check(raw.sqlite3_prepare_v2(connection, text(), out var handle), "prepare a statement");
        return statements[shape] = new Statement(this, handle, converters);
    }

    /// <summary>Throws for a failed SQLite call; the message is built only then, as this runs for every value of every row.</summary>
    private void Check(int result, string doing, IEntityType? type = null)
    {
        if (result is 0 or Row or Done) return;
        var error = raw.sqlite3_errmsg(connection).utf8_to_string();
        // As SaveChanges reports a failed write, so callers handle a unique index race the same way on every path.
        throw new DbUpdateException($"SQLite could not {doing}{(type is null ? "" : $" {type.DisplayName()}")}: {error}",
            new SqliteException(error, result, raw.sqlite3_extended_errcode(connection)));
    }

    private string Table(IEntityType type) => sql.DelimitIdentifier(type.GetTableName()!, type.GetSchema());

    private string Column(IProperty property) =>
        sql.DelimitIdentifier(property.GetColumnName(StoreObjectIdentifier.Table(property.DeclaringType.GetTableName()!, property.DeclaringType.GetSchema()))!);

    private sealed class Statement(SqliteRows rows, sqlite3_stmt handle, IReadOnlyList<Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter?> converters)
        : IDisposable
    {
        /// <summary>The types bound here, as Microsoft.Data.Sqlite binds them.</summary>
        public static bool Binds(Type type) =>
            type == typeof(string) || type == typeof(DateTime) || type == typeof(double) || type == typeof(float) || type == typeof(bool) || type == typeof(byte[])
            || type == typeof(long) || type == typeof(int) || type == typeof(short) || type == typeof(byte) || type == typeof(sbyte) || type == typeof(ushort)
            || type == typeof(uint);

        /// <summary>The value as the column's type mapping converts it (enums, UTC times), stored as Microsoft.Data.Sqlite stores it.</summary>
        public void Bind(int index, object? value)
        {
            var position = index + 1;
            var stored = value is null ? null : converters[index]?.ConvertToProvider(value) ?? value;
            var result = stored switch
            {
                null => raw.sqlite3_bind_null(handle, position),
                string text => raw.sqlite3_bind_text(handle, position, text),
                DateTime time => raw.sqlite3_bind_text(handle, position, time.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture)),
                double number => raw.sqlite3_bind_double(handle, position, number),
                float number => raw.sqlite3_bind_double(handle, position, number),
                bool flag => raw.sqlite3_bind_int64(handle, position, flag ? 1 : 0),
                byte[] bytes => raw.sqlite3_bind_blob(handle, position, bytes),
                Enum or long or int or short or byte or sbyte or ushort or uint => raw.sqlite3_bind_int64(handle, position, Convert.ToInt64(stored, CultureInfo.InvariantCulture)),
                _ => throw new NotSupportedException($"SqliteRows does not write a {stored.GetType().Name}."),
            };
            rows.Check(result, "bind a value");
        }

        /// <summary>Runs the statement once with the values bound; returns the key an insert's RETURNING gives.</summary>
        public long Execute(IEntityType type, bool returnsKey)
        {
            try
            {
                var doing = returnsKey ? "insert" : "update";
                var result = raw.sqlite3_step(handle);
                rows.Check(result, doing, type);
                var key = returnsKey && result == Row ? raw.sqlite3_column_int64(handle, 0) : 0;
                while (result == Row) result = raw.sqlite3_step(handle);
                rows.Check(result, doing, type);
                return key;
            }
            finally
            {
                raw.sqlite3_reset(handle);
            }
        }

        public void Dispose() => handle.Dispose();
    }
}
