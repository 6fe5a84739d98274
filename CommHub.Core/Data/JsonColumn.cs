using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CommHub.Core.Data;

/// <summary>
/// Maps a value that is always read and written whole with its owner (rule conditions, a weekly
/// schedule) to one JSON text column, compared by content so in-place edits are saved.
/// </summary>
internal static class JsonColumn<T> where T : class
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    private static string Write(T value) => JsonSerializer.Serialize(value, Options);

    private static T Read(string json) => JsonSerializer.Deserialize<T>(json, Options)!;

    public static readonly ValueConverter<T, string> Converter = new(v => Write(v), s => Read(s));

    public static readonly ValueComparer<T> Comparer = new(
        (a, b) => (a == null && b == null) || (a != null && b != null && Write(a) == Write(b)),
        v => Write(v).GetHashCode(StringComparison.Ordinal),
        v => Read(Write(v)));
}
