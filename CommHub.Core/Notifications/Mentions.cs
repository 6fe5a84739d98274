using CommHub.Core.Conversations;

namespace CommHub.Core.Notifications;

/// <summary>"@Name" in a private note, matched against the staff's display names (longest first, ignoring case).</summary>
public static class Mentions
{
    /// <summary>The staff members the text mentions, each once.</summary>
    public static IReadOnlyList<AgentOption> Find(string text, IReadOnlyList<AgentOption> staff)
    {
        var found = new List<AgentOption>();
        if (!text.Contains('@')) return found;
        foreach (var person in staff.Where(s => s.Name.Length > 0).OrderByDescending(s => s.Name.Length))
        {
            for (var at = text.IndexOf('@'); at >= 0; at = text.IndexOf('@', at + 1))
            {
                if (!Matches(text, at, person.Name)) continue;
                // "@Ana Silva" is Ana Silva, not also "@Ana": the longer name takes those characters.
                if (found.All(f => !Matches(text, at, f.Name))) found.Add(person);
                break;
            }
        }
        return found;
    }

    /// <summary>"@" + name at this position, not followed by a letter or digit (so "@Ana" is not found in "@Anastasia").</summary>
    public static bool Matches(string text, int at, string name)
    {
        var end = at + 1 + name.Length;
        return end <= text.Length
            && string.Compare(text, at + 1, name, 0, name.Length, StringComparison.OrdinalIgnoreCase) == 0
            && (end == text.Length || !char.IsLetterOrDigit(text[end]));
    }
}
