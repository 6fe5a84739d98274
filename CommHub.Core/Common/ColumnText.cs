using System.Diagnostics.CodeAnalysis;

namespace CommHub.Core.Common;

/// <summary>
/// Text from outside (a sender's name, a channel's error) made fit for its column. SQLite stores any length and any
/// character; PostgreSQL and SQL Server refuse a value longer than the column, and PostgreSQL refuses the NUL character,
/// which would fail the whole save and lose what it carried.
/// </summary>
public static class ColumnText
{
    /// <summary>NUL characters removed, then clipped to <paramref name="maxLength"/> with an ellipsis.</summary>
    [return: NotNullIfNotNull(nameof(text))]
    public static string? Fit(string? text, int maxLength)
    {
        text = Clean(text);
        if (text is null || text.Length <= maxLength) return text;
        var keep = maxLength - 1;
        // Never split a surrogate pair (an emoji): half of one is not valid text.
        if (char.IsHighSurrogate(text[keep - 1])) keep--;
        return text[..keep] + "…";
    }

    /// <summary>NUL characters removed; the length is the column's business (an unbounded text column).</summary>
    [return: NotNullIfNotNull(nameof(text))]
    public static string? Clean(string? text) => text is null || !text.Contains('\0', StringComparison.Ordinal) ? text : text.Replace("\0", "", StringComparison.Ordinal);
}
