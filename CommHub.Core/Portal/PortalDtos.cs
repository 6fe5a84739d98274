using CommHub.Core.Conversations;

namespace CommHub.Core.Portal;

public sealed record PortalConversationItem(
    int Id, string Subject, ConversationStatus Status, int UnreadCount, string? Preview, DateTime LastActivityAt);

public sealed record PortalConversation(
    int Id, string Subject, ConversationStatus Status, IReadOnlyList<ThreadMessage> Messages)
{
    /// <summary>A closed conversation takes no more messages; the customer starts a new request.</summary>
    public bool CanReply => Status != ConversationStatus.Closed;
}

public sealed record RegisterCustomerRequest(string Email, string Name, string Password);
