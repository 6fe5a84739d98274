using System.Globalization;

namespace CommHub.Core.Search;

/// <summary>
/// The part of a text around its first match, with the searched words marked. Made here rather than by the database so
/// every provider's results look alike (and the LIKE-based ones have snippets at all); it reads only the page's texts.
/// Words match as the indexes match them: whole words, ignoring case and accents; words of scripts without spaces anywhere.
/// </summary>
public static class Snippets
{
    public const int Length = 160;
    private const int Lead = 40;
    private const CompareOptions Loose = CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace;
    private static readonly CompareInfo Compare = CultureInfo.InvariantCulture.CompareInfo;

    public static IReadOnlyList<SnippetPart> Of(string text, SearchTerms terms)
    {
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var matches = Matches(flat, terms);
        var start = matches.Count == 0 ? 0 : WordStartBefore(flat, Math.Max(0, matches[0].Start - Lead));
        var end = Math.Min(flat.Length, start + Length);
        var parts = new List<SnippetPart>();
        if (start > 0) parts.Add(new SnippetPart("…", false));
        var at = start;
        foreach (var (matchStart, matchLength) in matches)
        {
            if (matchStart < at) continue;
            if (matchStart + matchLength > end) break;
            if (matchStart > at) parts.Add(new SnippetPart(flat[at..matchStart], false));
            parts.Add(new SnippetPart(flat.Substring(matchStart, matchLength), true));
            at = matchStart + matchLength;
        }
        if (end > at) parts.Add(new SnippetPart(flat[at..end], false));
        if (end < flat.Length) parts.Add(new SnippetPart("…", false));
        return parts;
    }

    private static List<(int Start, int Length)> Matches(string text, SearchTerms terms)
    {
        var found = new List<(int Start, int Length)>();
        foreach (var word in terms.Words)
        {
            var whole = !SearchTerms.IsUnspaced(word);
            var from = 0;
            while (from < text.Length)
            {
                var index = Compare.IndexOf(text.AsSpan(from), word, Loose, out var length);
                if (index < 0) break;
                index += from;
                if (!whole || (IsBoundary(text, index - 1) && IsBoundary(text, index + length))) found.Add((index, length));
                from = index + Math.Max(length, 1);
            }
        }
        return found.OrderBy(m => m.Start).ThenByDescending(m => m.Length).ToList();
    }

    private static bool IsBoundary(string text, int index) => index < 0 || index >= text.Length || !char.IsLetterOrDigit(text[index]);

    private static int WordStartBefore(string text, int index)
    {
        if (index == 0) return 0;
        var space = text.LastIndexOf(' ', index);
        return space < 0 || index - space > 15 ? index : space + 1;
    }
}
