using CommHub.Core.Conversations;
using CommHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CommHub.Core.Retention;

/// <summary>
/// Deletes one batch of messages inside the caller's transaction, set-based: their files go to the pending blob deletes,
/// replies to them lose the link, their conversations' unread counters come down, and conversations left empty go.
/// The batch is a query over an index range (a channel's messages up to a time, a contact's up to an id), not a list of
/// ids, so each statement is a range scan rather than thousands of parameters. Conversations on legal hold are locked
/// out first, so a hold set while the batch runs still wins.
/// </summary>
internal static class MessageDeleter
{
    public static async Task<DeletedCounts> DeleteAsync(
        CommHubDbContext db, IQueryable<Message> batch, DateTime now, CancellationToken cancellationToken)
    {
        var conversationIds = await batch.Select(m => m.ConversationId).Distinct().ToListAsync(cancellationToken);
        if (conversationIds.Count == 0) return DeletedCounts.None;
        // Takes the conversations' row locks (server databases) before anything is read for deletion.
        await db.Conversations.Where(c => conversationIds.Contains(c.Id) && !c.LegalHold)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UpdatedAt, now), cancellationToken);
        var held = await db.Conversations.Where(c => conversationIds.Contains(c.Id) && c.LegalHold).Select(c => c.Id).ToListAsync(cancellationToken);
        var target = held.Count == 0 ? batch : batch.Where(m => !held.Contains(m.ConversationId));

        var unread = await target.Where(m => m.DeliveryStatus != DeliveryStatus.Read && !m.IsPrivateNote)
            .GroupBy(m => new { m.ConversationId, m.Direction }).Select(g => new { g.Key.ConversationId, g.Key.Direction, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var files = await QueueBlobsAsync(db, target, now, cancellationToken);
        await db.Messages.Where(m => target.Select(t => (int?)t.Id).Contains(m.ReplyToMessageId))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ReplyToMessageId, (int?)null), cancellationToken);
        // Attachments and outbox rows go with their message (cascade).
        var messages = await target.ExecuteDeleteAsync(cancellationToken);
        foreach (var conversation in unread.GroupBy(u => u.ConversationId))
        {
            var agent = conversation.Where(u => u.Direction == MessageDirection.Inbound).Sum(u => u.Count);
            var customer = conversation.Where(u => u.Direction == MessageDirection.Outbound).Sum(u => u.Count);
            await db.Conversations.Where(c => c.Id == conversation.Key).ExecuteUpdateAsync(s => s
                .SetProperty(c => c.AgentUnreadCount, c => c.AgentUnreadCount > agent ? c.AgentUnreadCount - agent : 0)
                .SetProperty(c => c.CustomerUnreadCount, c => c.CustomerUnreadCount > customer ? c.CustomerUnreadCount - customer : 0), cancellationToken);
        }
        var live = conversationIds.Except(held).ToList();
        var conversations = await db.Conversations
            .Where(c => live.Contains(c.Id) && !c.LegalHold && !db.Messages.Any(m => m.ConversationId == c.Id))
            .ExecuteDeleteAsync(cancellationToken);
        return new DeletedCounts(messages, files, conversations);
    }

    /// <summary>Records every blob of the messages' attachments for deletion after the commit; returns the attachment count.</summary>
    public static async Task<int> QueueBlobsAsync(CommHubDbContext db, IQueryable<Message> messages, DateTime now, CancellationToken cancellationToken)
    {
        var keys = await messages.SelectMany(m => m.Attachments)
            .Select(a => new { a.OriginalBlobKey, a.CompressedBlobKey, a.ThumbnailBlobKey }).ToListAsync(cancellationToken);
        var blobs = keys.SelectMany(k => new[] { k.OriginalBlobKey, k.CompressedBlobKey, k.ThumbnailBlobKey })
            .OfType<string>().Distinct().Select(key => new PendingBlobDelete { BlobKey = key, CreatedAt = now });
        db.PendingBlobDeletes.AddRange(blobs);
        await db.SaveChangesAsync(cancellationToken);
        return keys.Count;
    }
}
