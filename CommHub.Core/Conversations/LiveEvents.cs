using CommHub.Core.Common;
using Microsoft.Extensions.Logging;

namespace CommHub.Core.Conversations;

public enum LiveEventKind
{
    ConversationCreated,
    MessageAdded,
    /// <summary>A message already shown changed: edited by its sender, or its delivery (sent, failed, retried, marked sent).</summary>
    MessageChanged,
    ConversationUpdated,
    Typing,
    Read,
    /// <summary>Who has the conversation open changed (<see cref="ConversationViewers"/>).</summary>
    Viewing,
    /// <summary>A notification for the staff member in <see cref="LiveEvent.UserId"/> (the bell).</summary>
    Notification,
}

public enum TypingSide
{
    Agent,
    Customer,
}

/// <summary>
/// Something changed in a conversation. Events carry ids only: a subscriber re-reads through a service
/// that checks what its user may see, so an event never leaks content.
/// </summary>
/// <param name="UserId">The staff member typing (so their own pane does not show them), or the one a notification is for.</param>
/// <param name="PrivateNote">Staff typing a private note: shown to other staff only, never to the customer.</param>
public sealed record LiveEvent(
    LiveEventKind Kind, int ConversationId, TypingSide? Side = null, string? Name = null, string? UserId = null, bool PrivateNote = false)
{
    /// <summary>False for signals about people (typing, who is viewing): the conversation's rows and messages are as they were.</summary>
    public bool ChangesConversation => Kind is not (LiveEventKind.Typing or LiveEventKind.Viewing or LiveEventKind.Notification);
}

/// <summary>Live events of conversations (see <see cref="LiveNotifier{TEvent}"/>).</summary>
public sealed class ConversationNotifier(ILogger<ConversationNotifier> logger) : LiveNotifier<LiveEvent>(logger);
