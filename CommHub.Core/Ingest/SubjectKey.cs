using System.Text.RegularExpressions;

namespace CommHub.Core.Ingest;

/// <summary>
/// A subject reduced to what stays the same across replies and forwards: reply and forward prefixes in the
/// usual languages (Re:, Fwd:, AW:, SV:, ...; also "Re[2]:"), spacing and case removed. Only the first
/// <see cref="Length"/> characters count, because conversation subjects are stored shortened.
/// </summary>
public static partial class SubjectKey
{
    public const int Length = 60;

    /// <returns>The key, or null for a subject too empty to thread by ("", "(no subject)", only prefixes).</returns>
    public static string? Of(string? subject)
    {
        if (string.IsNullOrWhiteSpace(subject)) return null;
        var text = string.Join(' ', subject.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).TrimEnd('…');
        string before;
        do
        {
            before = text;
            text = Prefix().Replace(text, "").Trim();
        }
        while (text != before);
        text = text.ToLowerInvariant();
        if (text.Length == 0 || text == "(no subject)") return null;
        return text.Length <= Length ? text : text[..Length];
    }

    [GeneratedRegex(@"^(re|fw|fwd|aw|wg|sv|vs|vl|antw|tr|rif|r|ref|odp|enc|res|doorst)\s*(\[\d+\]|\(\d+\))?\s*[:：]\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Prefix();
}
