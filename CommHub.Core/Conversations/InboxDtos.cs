using CommHub.Core.Channels;

namespace CommHub.Core.Conversations;

public enum AssigneeFilter
{
    Anyone = 0,
    Me = 1,
    Unassigned = 2,
}

/// <summary>The inbox's order. Waiting longest lists only conversations with a customer waiting for a reply, the longest wait first.</summary>
public enum InboxSort
{
    Newest = 0,
    Oldest = 1,
    WaitingLongest = 2,
}

public sealed record InboxFilter(
    ConversationStatus? Status = null,
    int? ChannelId = null,
    AssigneeFilter Assignee = AssigneeFilter.Anyone,
    string? Label = null,
    bool FailedSends = false,
    int? ProjectId = null,
    InboxSort Sort = InboxSort.Newest);

/// <summary>Keyset position: the last row of the previous page, by the order's key (last activity, or waiting since).</summary>
public sealed record InboxCursor(DateTime Key, int Id);

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
    string? ProjectName = null,
    DateTime? WaitingSince = null);

public sealed record InboxPage(IReadOnlyList<InboxItem> Items, InboxCursor? Next);

public sealed record ChannelOption(int Id, string Name, ChannelKind Kind);

/// <summary>What a status change replaced, to put it back ("Resolved — Undo").</summary>
public sealed record StatusUndo(ConversationStatus Status, IReadOnlyList<StatusBefore> Before);

public sealed record StatusBefore(int ConversationId, ConversationStatus Status, DateTime? SnoozedUntil, DateTime? WaitingSince);
