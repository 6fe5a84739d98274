using CommHub.Core.Conversations;

namespace CommHub.Web.Features.Conversations;

/// <summary>
/// A live event on a thread seen from the contact's side (the customer portal, the crew portal): the office typing a reply
/// shows for a few seconds (a private note being written never does); anything else re-reads the thread, and a new reply from the office is read at once, since it is on
/// screen. The caller has checked that the event is about its conversation, and runs this on its renderer.
/// </summary>
public static class ContactThreadEvents
{
    /// <param name="messages">The thread as shown now (after <paramref name="reload"/>, as re-read).</param>
    public static async Task HandleAsync(
        LiveEvent e, TypingIndicator typing, Func<IReadOnlyList<ThreadMessage>?> messages, Func<Task> reload, Func<Task> markRead, Action render)
    {
        if (!e.ChangesConversation)
        {
            // Staff writing a private note are never shown to the contact; who else views the thread is staff-only too.
            if (e is { Kind: LiveEventKind.Typing, Side: TypingSide.Agent, PrivateNote: false }) await typing.ShowAsync(e.Name ?? "Agent", render);
            return;
        }
        var before = messages()?.Count ?? 0;
        await reload();
        if (messages() is { } now && now.Count > before && now[^1].Direction == MessageDirection.Outbound)
        {
            typing.Clear();
            await markRead();
        }
        render();
    }
}
