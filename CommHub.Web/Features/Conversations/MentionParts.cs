using CommHub.Core.Notifications;

namespace CommHub.Web.Features.Conversations;

/// <summary>A note's text cut into plain runs and "@Name" mentions of staff, for highlighting.</summary>
public static class MentionParts
{
    public static IEnumerable<(string Text, bool Mention)> Split(string text, IReadOnlyList<string> names)
    {
        var longestFirst = names.Where(n => n.Length > 0).OrderByDescending(n => n.Length).ToList();
        var start = 0;
        for (var at = text.IndexOf('@'); at >= 0; at = text.IndexOf('@', at + 1))
        {
            if (longestFirst.FirstOrDefault(n => Mentions.Matches(text, at, n)) is not { } name) continue;
            if (at > start) yield return (text[start..at], false);
            yield return (text.Substring(at, name.Length + 1), true);
            start = at + name.Length + 1;
            at = start - 1;
        }
        if (start < text.Length) yield return (text[start..], false);
    }
}
