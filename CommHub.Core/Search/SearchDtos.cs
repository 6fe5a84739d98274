using CommHub.Core.Channels;
using CommHub.Core.Conversations;

namespace CommHub.Core.Search;

/// <summary>Which messages: the customer's, staff replies, or private notes.</summary>
public enum SearchKind
{
    Any = 0,
    Customer = 1,
    Staff = 2,
    PrivateNote = 3,
}

public sealed record SearchFilter(
    int? ChannelId = null,
    ConversationStatus? Status = null,
    AssigneeFilter Assignee = AssigneeFilter.Anyone,
    string? Label = null,
    int? ContactId = null,
    DateTime? From = null,
    DateTime? To = null,
    bool HasFiles = false,
    SearchKind Kind = SearchKind.Any)
{
    /// <summary>Filters that only messages have; a conversation found by its subject cannot satisfy them.</summary>
    internal bool OnMessagesOnly => HasFiles || Kind != SearchKind.Any;
}

/// <summary>Who searches: staff see every conversation and private notes; a customer only their own, without notes.</summary>
public sealed record SearchViewer(string UserId, bool IsStaff)
{
    public static SearchViewer Staff(string userId) => new(userId, true);

    public static SearchViewer Customer(string userId) => new(userId, false);
}

/// <summary>A piece of a snippet; <see cref="Match"/> pieces are the words searched for.</summary>
public sealed record SnippetPart(string Text, bool Match);

public sealed record MessageHit(
    int MessageId,
    int ConversationId,
    string Subject,
    string ContactName,
    string ChannelName,
    ChannelKind ChannelKind,
    SearchKind Kind,
    string? SenderName,
    IReadOnlyList<SnippetPart> Snippet,
    IReadOnlyList<string> FileNames,
    DateTime CreatedAt);

public sealed record ConversationHit(
    int ConversationId,
    IReadOnlyList<SnippetPart> Subject,
    string ContactName,
    string ChannelName,
    ConversationStatus Status,
    DateTime LastActivityAt);

public sealed record ContactHit(int ContactId, string Name, string? Email, string? Phone, IReadOnlyList<string> Handles);

public sealed record SearchResults(
    IReadOnlyList<ContactHit> Contacts,
    IReadOnlyList<ConversationHit> Conversations,
    IReadOnlyList<MessageHit> Messages,
    bool NoWords)
{
    public static SearchResults Nothing(bool noWords) => new([], [], [], noWords);

    public bool IsEmpty => Contacts.Count == 0 && Conversations.Count == 0 && Messages.Count == 0;
}
