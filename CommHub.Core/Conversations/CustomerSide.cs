using CommHub.Core.Analytics;
using CommHub.Core.Channels;
using CommHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CommHub.Core.Conversations;

/// <summary>
/// What the customer portal and the crew portal do alike on the contact's side of a conversation: read the office's
/// replies, say they are typing, and find the channel their messages arrive on. Callers check ownership first.
/// </summary>
public sealed class CustomerSide(IDbContextFactory<CommHubDbContext> dbFactory, ConversationNotifier notifier, TimeProvider clock)
{
    /// <summary>The contact has the conversation open: the office's replies are read, and nothing is unread for them.</summary>
    public async Task MarkReadAsync(int conversationId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var changed = await db.InTransactionAsync(async token =>
        {
            var messages = await db.Messages
                .Where(m => m.ConversationId == conversationId && m.Direction == MessageDirection.Outbound && !m.IsPrivateNote
                    && (m.DeliveryStatus == DeliveryStatus.Sent || m.DeliveryStatus == DeliveryStatus.Delivered))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.DeliveryStatus, DeliveryStatus.Read).SetProperty(m => m.ReadAt, now), token);
            AnalyticsJournal.AddRead(db, conversationId, AnalyticsEventKind.ReadByCustomer, messages, now);
            if (messages > 0) await db.SaveChangesAsync(token);
            var conversations = await db.Conversations.Where(c => c.Id == conversationId && c.CustomerUnreadCount != 0)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.CustomerUnreadCount, 0), token);
            return messages + conversations;
        }, cancellationToken);
        if (changed > 0) notifier.Publish(new LiveEvent(LiveEventKind.Read, conversationId, TypingSide.Customer));
    }

    /// <summary>Agents on the conversation see "… is typing" for a few seconds.</summary>
    public void Typing(int conversationId, string name) => notifier.Publish(new LiveEvent(LiveEventKind.Typing, conversationId, TypingSide.Customer, name));

    /// <summary>The channel of this kind that self-service messages arrive on, made the first time it is needed.</summary>
    public static async Task<Channel> ChannelAsync(CommHubDbContext db, ChannelKind kind, string defaultName, CancellationToken cancellationToken)
    {
        var channel = await db.Channels.Where(c => c.Kind == kind).OrderBy(c => c.Id).FirstOrDefaultAsync(cancellationToken);
        if (channel is not null) return channel;
        channel = new Channel { Kind = kind, Name = defaultName };
        db.Channels.Add(channel);
        await db.SaveChangesAsync(cancellationToken);
        return channel;
    }
}
