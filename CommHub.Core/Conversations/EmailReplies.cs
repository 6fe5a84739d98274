using System.Text.RegularExpressions;

namespace CommHub.Core.Conversations;

/// <summary>How a reply to an email is threaded by any mail client: its References chain and its "Re:" subject.</summary>
public static partial class EmailReplies
{
    /// <summary>
    /// Message-IDs in order without repeats, fitted to <paramref name="maxLength"/> characters (space-separated) the way
    /// RFC 5322 suggests: the first id (the thread's start) and as many of the newest as fit.
    /// </summary>
    public static IReadOnlyList<string> Chain(IEnumerable<string> ids, int maxLength = Message.ReferencesLength)
    {
        var all = ids.Select(i => i.Trim()).Where(i => i.Length is > 2 and <= 500).Distinct(StringComparer.Ordinal).ToList();
        if (Length(all) <= maxLength) return all;
        var kept = new List<string>();
        var length = all[0].Length;
        for (var i = all.Count - 1; i > 0 && length + 1 + all[i].Length <= maxLength; i--)
        {
            kept.Insert(0, all[i]);
            length += 1 + all[i].Length;
        }
        kept.Insert(0, all[0]);
        return kept;
    }

    public static IReadOnlyList<string> Split(string? chain) =>
        string.IsNullOrWhiteSpace(chain) ? [] : chain.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>"Re: " and the subject, with one "Re:" however many the subject already has ("Re: RE: Re[2]: x" → "Re: x").</summary>
    public static string Subject(string? subject)
    {
        var rest = ReplyPrefix().Replace(subject ?? "", "").Trim();
        return rest.Length == 0 ? "Re:" : $"Re: {rest}";
    }

    private static int Length(List<string> ids) => ids.Sum(i => i.Length) + Math.Max(0, ids.Count - 1);

    [GeneratedRegex(@"^(\s*re\s*(\[\d+\])?\s*:)+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReplyPrefix();
}
