namespace CommHub.Core.Ingest;

/// <summary>
/// Why intake skipped an update, as stored on its row (<see cref="InboundUpdate.SkipKind"/>): the Bot API's own name of
/// what it was ("poll", "message_reaction", "new_chat_members"…) or one of the kinds here; and how /channels says it.
/// </summary>
public static class IntakeSkipKinds
{
    public const string Malformed = "malformed";
    public const string Unknown = "unknown";
    /// <summary>A Gmail mail deleted from the mailbox before it was fetched.</summary>
    public const string Deleted = "deleted";

    private static readonly Dictionary<string, (string One, string Many)> Names = new(StringComparer.Ordinal)
    {
        [Malformed] = ("malformed update", "malformed updates"),
        [Unknown] = ("unknown update", "unknown updates"),
        [Deleted] = ("mail deleted before it was fetched", "mails deleted before they were fetched"),
        ["poll"] = ("poll", "polls"),
        ["poll_answer"] = ("poll answer", "poll answers"),
        ["dice"] = ("dice", "dice"),
        ["message_reaction"] = ("reaction", "reactions"),
        ["message_reaction_count"] = ("reaction count", "reaction counts"),
        ["new_chat_members"] = ("join", "joins"),
        ["left_chat_member"] = ("leave", "leaves"),
        ["chat_member"] = ("member change", "member changes"),
        ["my_chat_member"] = ("change to the bot's membership", "changes to the bot's membership"),
        ["chat_join_request"] = ("join request", "join requests"),
        ["pinned_message"] = ("pinned message", "pinned messages"),
        ["callback_query"] = ("button press", "button presses"),
    };

    /// <summary>"3 polls, 2 reactions, 1 malformed update": the most frequent first.</summary>
    public static string Describe(IReadOnlyDictionary<string, int> counts) =>
        string.Join(", ", counts.Where(c => c.Value > 0).OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => $"{c.Value} {Name(c.Key, c.Value)}"));

    private static string Name(string kind, int count) =>
        Names.TryGetValue(kind, out var name) ? (count == 1 ? name.One : name.Many)
        // Any other service message, by the Bot API's name of it (forum_topic_created → "forum topic created").
        : kind.Replace('_', ' ');
}
