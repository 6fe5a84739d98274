using CommHub.Core.Common;
using Microsoft.Extensions.Logging;

namespace CommHub.Core.Conversations;

public enum LiveEventKind
{
    ConversationCreated,
    MessageAdded,
    ConversationUpdated,
    Typing,
    Read,
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
public sealed record LiveEvent(LiveEventKind Kind, int ConversationId, TypingSide? Side = null, string? Name = null);

/// <summary>Live events of conversations (see <see cref="LiveNotifier{TEvent}"/>).</summary>
public sealed class ConversationNotifier(ILogger<ConversationNotifier> logger) : LiveNotifier<LiveEvent>(logger);
