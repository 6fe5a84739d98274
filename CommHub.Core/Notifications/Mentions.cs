using CommHub.Core.Conversations;

namespace CommHub.Core.Notifications;

/// <summary>"@Name" in a private note, matched against the staff's display names (longest first, ignoring case).</summary>
public static class Mentions
{
    /// <summary>The staff members the text mentions, each once.</summary>
    public static IReadOnlyList<AgentOption> Find(string text, IReadOnlyList<AgentOption> staff)
    {
        var mentioned = Split(text, staff.Select(s => s.Name).ToList()).Where(p => p.Mention).Select(p => p.Text[1..]).ToList();
        return staff.Where(s => mentioned.Any(m => m.Equals(s.Name, StringComparison.OrdinalIgnoreCase))).DistinctBy(s => s.Id).ToList();
    }

    /// <summary>
    /// The text cut into plain runs and "@Name" mentions (for highlighting). At each "@" the longest name wins, so
    /// "@Ana Silva" is Ana Silva and not also Ana; a name must end there, so "@Ana" is not found in "@Anastasia".
    /// </summary>
    public static IEnumerable<(string Text, bool Mention)> Split(string text, IReadOnlyList<string> names)
    {
        var longestFirst = names.Where(n => n.Length > 0).OrderByDescending(n => n.Length).ToList();
        var start = 0;
        for (var at = text.IndexOf('@'); at >= 0; at = text.IndexOf('@', at + 1))
        {
            if (longestFirst.FirstOrDefault(n => Matches(text, at, n)) is not { } name) continue;
            if (at > start) yield return (text[start..at], false);
            yield return (text.Substring(at, name.Length + 1), true);
            start = at + name.Length + 1;
            at = start - 1;
        }
        if (start < text.Length) yield return (text[start..], false);
    }

    private static bool Matches(string text, int at, string name)
    {
        var end = at + 1 + name.Length;
        return end <= text.Length
            && string.Compare(text, at + 1, name, 0, name.Length, StringComparison.OrdinalIgnoreCase) == 0
            && (end == text.Length || !char.IsLetterOrDigit(text[end]));
    }
}
