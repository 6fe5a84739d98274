using CommHub.Core.Channels;
using CommHub.Core.Common;
using CommHub.Core.Contacts;
using CommHub.Core.Projects;
using CommHub.Core.Users;

namespace CommHub.Core.Conversations;

public enum ConversationStatus
{
    New = 0,
    Open = 1,
    Pending = 2,
    Snoozed = 3,
    Resolved = 4,
    Closed = 5,
}

public enum ConversationPriority
{
    Low = 0,
    Normal = 1,
    High = 2,
    Urgent = 3,
}

public class Conversation : IAuditable
{
    public int Id { get; set; }
    public int ChannelId { get; set; }
    public Channel? Channel { get; set; }
    public int ContactId { get; set; }
    public Contact? Contact { get; set; }
    public string Subject { get; set; } = "";
    public ConversationStatus Status { get; set; }

    /// <summary>Set while <see cref="Status"/> is Snoozed; the conversation reopens at this time.</summary>
    public DateTime? SnoozedUntil { get; set; }

    public ConversationPriority Priority { get; set; } = ConversationPriority.Normal;
    public string? AssigneeId { get; set; }
    public ApplicationUser? Assignee { get; set; }
    public List<Label> Labels { get; set; } = [];

    /// <summary>Time of the newest message (or status change); the inbox sorts on it.</summary>
    public DateTime LastActivityAt { get; set; }

    /// <summary>
    /// When the customer's oldest unanswered message arrived: set by the first customer message after a staff reply, cleared
    /// by a staff reply (not a private note, not an automatic one) and by resolving or closing. Null when nobody is waiting;
    /// the inbox's "waiting longest" order reads it.
    /// </summary>
    public DateTime? WaitingSince { get; set; }

    /// <summary>Start of the newest message, kept here so the inbox list needs no join to messages.</summary>
    public string? LastMessagePreview { get; set; }

    /// <summary>Customer messages no agent has read yet.</summary>
    public int AgentUnreadCount { get; set; }

    /// <summary>Agent messages the customer has not read yet.</summary>
    public int CustomerUnreadCount { get; set; }

    public int? ProjectId { get; set; }
    public Project? Project { get; set; }

    /// <summary>The channel's own thread identity: Gmail thread id, Telegram chat id (and topic id).</summary>
    public string? ExternalThreadKey { get; set; }

    /// <summary>On legal hold the retention job deletes nothing of this conversation.</summary>
    public bool LegalHold { get; set; }

    public List<Message> Messages { get; set; } = [];
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>A message in one line: its text, or when it has none, its files' names.</summary>
    public static string PreviewOf(string text, IReadOnlyCollection<string> fileNames) =>
        string.IsNullOrWhiteSpace(text) && fileNames.Count > 0 ? PreviewOf("📎 " + string.Join(", ", fileNames)) : PreviewOf(text);

    public static string PreviewOf(string text)
    {
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= ConversationConfiguration.PreviewLength ? flat : flat[..(ConversationConfiguration.PreviewLength - 1)] + "…";
    }
}
