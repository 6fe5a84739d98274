using System.Collections.Immutable;
using Microsoft.Extensions.Logging;

namespace CommHub.Core.Common;

/// <summary>
/// In-process publish/subscribe for live views (Blazor circuits). Holds only the subscriptions, no per-user state; a
/// component subscribes on init and disposes the subscription with itself. Events carry ids only.
/// </summary>
public abstract class LiveNotifier<TEvent>(ILogger logger)
{
    private ImmutableArray<Func<TEvent, Task>> handlers = [];

    public int SubscriberCount => handlers.Length;

    public IDisposable Subscribe(Func<TEvent, Task> handler)
    {
        ImmutableInterlocked.Update(ref handlers, list => list.Add(handler));
        return new DisposeOnce(() => ImmutableInterlocked.Update(ref handlers, list => list.Remove(handler)));
    }

    /// <summary>Tells every subscriber; a slow or failing subscriber never delays or fails the writer.</summary>
    public void Publish(TEvent liveEvent)
    {
        foreach (var handler in handlers) _ = DeliverAsync(handler, liveEvent);
    }

    private async Task DeliverAsync(Func<TEvent, Task> handler, TEvent liveEvent)
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
}
