using CommHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CommHub.Core.Conversations;

/// <summary>
/// What new messages do to their conversations: unread counts, last activity, preview, and a waiting conversation reopened
/// by the customer. Collected while the messages are built, then written after they are saved, in the same transaction,
/// as set-based updates with relative expressions (<c>unread = unread + n</c>, <c>last = max(last, t)</c>): two writers
/// at the same time (an ingest batch and a resolve, a reply and a mark-read) add up instead of overwriting each other.
/// This is the only way a message changes its conversation's activity.
/// </summary>
public sealed class ConversationActivity
{
    private readonly Dictionary<Conversation, Change> changes = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// A message from the customer: unread for agents, and it reopens a pending, snoozed or resolved conversation. Whether
    /// it reopens is judged on <paramref name="conversation"/> as the caller read it, inside a serializable transaction
    /// (ingest's), where a status changed by someone else since makes the transaction fail and start again.
    /// </summary>
    /// <returns>True when this message is the one that reopens the conversation.</returns>
    public bool Inbound(Conversation conversation, Message message)
    {
        var change = For(conversation);
        change.Touch(message);
        change.AgentUnread++;
        if (change.Reopens || conversation.Id == 0 || !IsWaiting(conversation.Status)) return false;
        change.Reopens = true;
        return true;
    }

    private static bool IsWaiting(ConversationStatus status) =>
        status is ConversationStatus.Pending or ConversationStatus.Snoozed or ConversationStatus.Resolved;

    /// <summary>An agent, bot or rule wrote: unread for the customer and a New conversation is Open, unless it is a private note.</summary>
    public void Outbound(Conversation conversation, Message message)
    {
        var change = For(conversation);
        if (message.IsPrivateNote)
        {
            change.Last = Max(change.Last, message.CreatedAt);
            return;
        }
        change.Touch(message);
        change.CustomerUnread++;
        change.OpensNew = true;
    }

    public bool IsEmpty => changes.Count == 0;

    /// <summary>
    /// Writes the collected changes, one statement per conversation; call it after the messages are saved (conversations
    /// made in the same save have their ids by then), inside the caller's transaction.
    /// </summary>
    public async Task WriteAsync(CommHubDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        foreach (var (conversation, change) in changes)
        {
            var id = conversation.Id;
            if (id == 0) throw new InvalidOperationException("Conversation activity is written after its conversation is saved.");
            var last = change.Last!.Value;
            var agentUnread = change.AgentUnread;
            var customerUnread = change.CustomerUnread;
            await db.Conversations.Where(c => c.Id == id).ExecuteUpdateAsync(s =>
            {
                // Every right-hand side reads the row as it was before this statement.
                s.SetProperty(c => c.LastActivityAt, c => c.LastActivityAt > last ? c.LastActivityAt : last);
                if (change.Preview is { } preview)
                {
                    var at = change.PreviewAt!.Value;
                    s.SetProperty(c => c.LastMessagePreview, c => c.LastActivityAt > at ? c.LastMessagePreview : preview);
                }
                if (agentUnread > 0) s.SetProperty(c => c.AgentUnreadCount, c => c.AgentUnreadCount + agentUnread);
                if (customerUnread > 0) s.SetProperty(c => c.CustomerUnreadCount, c => c.CustomerUnreadCount + customerUnread);
                if (change.Reopens)
                {
                    // Still conditional: the row decides, should a caller ever write outside a serializable transaction.
                    s.SetProperty(c => c.Status, c => c.Status == ConversationStatus.Pending || c.Status == ConversationStatus.Snoozed
                        || c.Status == ConversationStatus.Resolved || (change.OpensNew && c.Status == ConversationStatus.New) ? ConversationStatus.Open : c.Status);
                    s.SetProperty(c => c.SnoozedUntil, c => c.Status == ConversationStatus.Snoozed ? null : c.SnoozedUntil);
                }
                else if (change.OpensNew) s.SetProperty(c => c.Status, c => c.Status == ConversationStatus.New ? ConversationStatus.Open : c.Status);
                s.SetProperty(c => c.UpdatedAt, now);
            }, cancellationToken);
        }
    }

    private Change For(Conversation conversation)
    {
        if (!changes.TryGetValue(conversation, out var change)) changes[conversation] = change = new Change();
        return change;
    }

    private static DateTime Max(DateTime? a, DateTime b) => a is { } x && x > b ? x : b;

    private sealed class Change
    {
        public int AgentUnread;
        public int CustomerUnread;
        public bool Reopens;
        public bool OpensNew;
        public DateTime? Last;
        public DateTime? PreviewAt;
        public string? Preview;

        // Private notes never reach the preview: the customer's portal list shows it. The newest message gives it.
        public void Touch(Message message)
        {
            Last = Max(Last, message.CreatedAt);
            if (PreviewAt is { } at && at > message.CreatedAt) return;
            PreviewAt = message.CreatedAt;
            Preview = Conversation.PreviewOf(message.Text, message.Attachments.Select(a => a.FileName).ToList());
        }
    }
}
