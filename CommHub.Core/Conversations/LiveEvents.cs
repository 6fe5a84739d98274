using System.Collections.Immutable;
using Microsoft.Extensions.Logging;

namespace CommHub.Core.Conversations;

public enum LiveEventKind
{
    ConversationCreated,
    MessageAdded,
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

/// <summary>
/// In-process publish/subscribe for live views (Blazor circuits). Holds only the subscriptions,
/// no per-user state; a component subscribes on init and disposes the subscription with itself.
/// </summary>
public sealed class ConversationNotifier(ILogger<ConversationNotifier> logger)
{
    private ImmutableArray<Func<LiveEvent, Task>> handlers = [];

    public int SubscriberCount => handlers.Length;

    public IDisposable Subscribe(Func<LiveEvent, Task> handler)
    {
        ImmutableInterlocked.Update(ref handlers, list => list.Add(handler));
        return new Subscription(() => ImmutableInterlocked.Update(ref handlers, list => list.Remove(handler)));
    }

    /// <summary>Tells every subscriber; a slow or failing subscriber never delays or fails the writer.</summary>
    public void Publish(LiveEvent liveEvent)
    {
        foreach (var handler in handlers) _ = DeliverAsync(handler, liveEvent);
    }

    private async Task DeliverAsync(Func<LiveEvent, Task> handler, LiveEvent liveEvent)
    {
        try
        {
            await Task.Yield();
            await handler(liveEvent);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "A live view failed to handle {Event}.", liveEvent);
        }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref dispose, null)?.Invoke();
    }
}
