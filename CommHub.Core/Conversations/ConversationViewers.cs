using CommHub.Core.Common;
using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace CommHub.Core.Conversations;

/// <summary>A staff member with a conversation open.</summary>
public sealed record ConversationViewer(string UserId, string Name);

/// <summary>
/// Which staff members have each conversation open, so two agents do not answer the same customer at once. Each open
/// conversation pane watches its conversation while it is on screen; a change is published as a
/// <see cref="LiveEventKind.Viewing"/> event (no content), which only conversation panes act on.
/// </summary>
public sealed class ConversationViewers(ConversationNotifier notifier)
{
    private readonly ConcurrentDictionary<int, ImmutableList<(object Key, ConversationViewer Viewer)>> open = new();

    /// <summary>Marks the conversation as open by this user until the returned handle is disposed.</summary>
    public IDisposable Watch(int conversationId, string userId, string name)
    {
        var key = new object();
        open.AddOrUpdate(conversationId, _ => [(key, new ConversationViewer(userId, name))], (_, list) => list.Add((key, new ConversationViewer(userId, name))));
        notifier.Publish(new LiveEvent(LiveEventKind.Viewing, conversationId));
        return new DisposeOnce(() =>
        {
            while (open.TryGetValue(conversationId, out var list))
            {
                var left = list.RemoveAll(v => v.Key == key);
                if (left.Count == 0 ? open.TryRemove(new KeyValuePair<int, ImmutableList<(object, ConversationViewer)>>(conversationId, list)) : open.TryUpdate(conversationId, left, list))
                    break;
            }
            notifier.Publish(new LiveEvent(LiveEventKind.Viewing, conversationId));
        });
    }

    /// <summary>Everyone with the conversation open, once each, in the order they opened it.</summary>
    public IReadOnlyList<ConversationViewer> Of(int conversationId) =>
        open.TryGetValue(conversationId, out var list) ? list.Select(v => v.Viewer).DistinctBy(v => v.UserId).ToList() : [];
}
