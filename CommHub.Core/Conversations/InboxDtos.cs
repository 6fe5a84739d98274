using CommHub.Core.Channels;

namespace CommHub.Core.Conversations;

public enum AssigneeFilter
{
    Anyone = 0,
    Me = 1,
    Unassigned = 2,
}

public sealed record InboxFilter(
    ConversationStatus? Status = null,
    int? ChannelId = null,
    AssigneeFilter Assignee = AssigneeFilter.Anyone,
    string? Label = null,
    bool FailedSends = false,
    int? ProjectId = null);

/// <summary>Keyset position: the last row of the previous page.</summary>
public sealed record InboxCursor(DateTime LastActivityAt, int Id);

public sealed record InboxItem(
    int Id,
    string Subject,
    string ContactName,
    ChannelKind ChannelKind,
    string ChannelName,
    ConversationStatus Status,
    ConversationPriority Priority,
    string? AssigneeName,
    string? Preview,
    int UnreadCount,
    DateTime LastActivityAt,
    IReadOnlyList<string> Labels,
    string? ProjectName = null);

public sealed record InboxPage(IReadOnlyList<InboxItem> Items, InboxCursor? Next);

public sealed record ChannelOption(int Id, string Name, ChannelKind Kind);
