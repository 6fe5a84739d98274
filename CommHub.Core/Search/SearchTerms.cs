using System.Globalization;

namespace CommHub.Core.Search;

/// <summary>
/// A query as plain words. Whatever a person types (quotes, <c>*</c>, <c>NEAR(</c>, <c>AND</c>, unbalanced parentheses)
/// is a word or nothing: each whitespace-separated piece loses the punctuation at its ends and is kept when a letter or
/// digit is left; every index quotes each word, so no piece of a query is ever read as syntax.
/// </summary>
public sealed class SearchTerms
{
    public const int MaxWords = 8;
    public const int MaxWordLength = 64;

    private SearchTerms(IReadOnlyList<string> words) => Words = words;

    /// <summary>The words, lower-cased, without repeats, in the order typed.</summary>
    public IReadOnlyList<string> Words { get; }

    public bool IsEmpty => Words.Count == 0;

    /// <summary>Some word is in a script written without spaces (Chinese, Japanese, Thai, ...): matched as a substring.</summary>
    public bool HasUnspaced => Words.Any(IsUnspaced);

    public static SearchTerms Parse(string? query)
    {
        var words = new List<string>();
        foreach (var piece in (query ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var word = piece.Trim(TrimmedPunctuation(piece)).ToLowerInvariant();
            if (word.Length > MaxWordLength) word = word[..MaxWordLength];
            if (!word.Any(char.IsLetterOrDigit) || words.Contains(word)) continue;
            words.Add(word);
            if (words.Count == MaxWords) break;
        }
        return new SearchTerms(words);
    }

    /// <summary>The word quoted for an FTS5 MATCH (a phrase of its tokens, inner quotes doubled): never syntax.</summary>
    public static string Quoted(string word) => "\"" + word.Replace("\"", "\"\"") + "\"";

    /// <summary>A LIKE pattern finding the word anywhere, with <c>\</c> as the escape character.</summary>
    public static string ContainsPattern(string word) =>
        "%" + word.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";

    public static bool IsUnspaced(string word) => word.Any(IsUnspacedChar);

    /// <summary>Scripts written without spaces between words: Thai, Lao, Myanmar, Khmer, kana, CJK ideographs.</summary>
    public static bool IsUnspacedChar(char c) =>
        c is (>= '\u0E00' and <= '\u0EFF') or (>= '\u1000' and <= '\u109F') or (>= '\u1780' and <= '\u17FF')
            or (>= '\u3040' and <= '\u30FF') or (>= '\u3400' and <= '\u4DBF') or (>= '\u4E00' and <= '\u9FFF')
            or (>= '\uF900' and <= '\uFAFF') or (>= '\uFF66' and <= '\uFF9F');

    /// <summary>The same ranges as a GLOB character class, for SQLite triggers (kept here so the two never differ).</summary>
    public const string UnspacedGlob = "*[\u0E00-\u0EFF\u1000-\u109F\u1780-\u17FF\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uFF66-\uFF9F]*";

    private static char[] TrimmedPunctuation(string piece) =>
        piece.Where(c => !char.IsLetterOrDigit(c) && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark).Distinct().ToArray();
}
