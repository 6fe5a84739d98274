using CommHub.Core.Conversations;
using CommHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CommHub.Core.Retention;

/// <summary>
/// Deletes one batch of messages inside the caller's transaction, set-based: their files go to the pending blob deletes,
/// replies to them lose the link, their conversations' unread counters come down, and conversations left empty go.
/// Conversations on legal hold are locked out first, so a hold set while the batch runs still wins.
/// </summary>
internal static class MessageDeleter
{
    public sealed record Row(int Id, int ConversationId, MessageDirection Direction, bool IsPrivateNote, DeliveryStatus Status);

    public static IQueryable<Row> Rows(IQueryable<Message> messages) =>
        messages.Select(m => new Row(m.Id, m.ConversationId, m.Direction, m.IsPrivateNote, m.DeliveryStatus));

    public static async Task<DeletedCounts> DeleteAsync(
        CommHubDbContext db, IReadOnlyList<Row> batch, DateTime now, bool deleteEmptyConversations, CancellationToken cancellationToken)
    {
        var conversationIds = batch.Select(r => r.ConversationId).Distinct().ToList();
        // Takes the conversations' row locks (server databases) before anything is read for deletion.
        await db.Conversations.Where(c => conversationIds.Contains(c.Id) && !c.LegalHold)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UpdatedAt, now), cancellationToken);
        var held = await db.Conversations.Where(c => conversationIds.Contains(c.Id) && c.LegalHold).Select(c => c.Id).ToListAsync(cancellationToken);
        var rows = batch.Where(r => !held.Contains(r.ConversationId)).ToList();
        if (rows.Count == 0) return DeletedCounts.None;
        var ids = rows.Select(r => r.Id).ToList();

        var files = await QueueBlobsAsync(db, ids, now, cancellationToken);
        await db.Messages.Where(m => m.ReplyToMessageId != null && ids.Contains(m.ReplyToMessageId.Value))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ReplyToMessageId, (int?)null), cancellationToken);
        // Attachments and outbox rows go with their message (cascade).
        var messages = await db.Messages.Where(m => ids.Contains(m.Id)).ExecuteDeleteAsync(cancellationToken);
        await LowerUnreadAsync(db, rows, cancellationToken);
        var conversations = deleteEmptyConversations ? await DeleteEmptyAsync(db, conversationIds.Except(held).ToList(), cancellationToken) : 0;
        return new DeletedCounts(messages, files, conversations);
    }

    /// <summary>Records every blob of the messages' attachments for deletion after the commit; returns the attachment count.</summary>
    public static async Task<int> QueueBlobsAsync(CommHubDbContext db, IReadOnlyList<int> messageIds, DateTime now, CancellationToken cancellationToken)
    {
        var keys = await db.Attachments.Where(a => messageIds.Contains(a.MessageId))
            .Select(a => new { a.OriginalBlobKey, a.CompressedBlobKey, a.ThumbnailBlobKey }).ToListAsync(cancellationToken);
        var blobs = keys.SelectMany(k => new[] { k.OriginalBlobKey, k.CompressedBlobKey, k.ThumbnailBlobKey })
            .OfType<string>().Distinct().Select(key => new PendingBlobDelete { BlobKey = key, CreatedAt = now });
        db.PendingBlobDeletes.AddRange(blobs);
        await db.SaveChangesAsync(cancellationToken);
        return keys.Count;
    }

    private static async Task LowerUnreadAsync(CommHubDbContext db, IReadOnlyList<Row> rows, CancellationToken cancellationToken)
    {
        var unread = rows.Where(r => r.Status != DeliveryStatus.Read && !r.IsPrivateNote)
            .GroupBy(r => r.ConversationId)
            .Select(g => (Id: g.Key, Agent: g.Count(r => r.Direction == MessageDirection.Inbound), Customer: g.Count(r => r.Direction == MessageDirection.Outbound)));
        foreach (var (id, agent, customer) in unread)
        {
            await db.Conversations.Where(c => c.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(c => c.AgentUnreadCount, c => c.AgentUnreadCount > agent ? c.AgentUnreadCount - agent : 0)
                .SetProperty(c => c.CustomerUnreadCount, c => c.CustomerUnreadCount > customer ? c.CustomerUnreadCount - customer : 0), cancellationToken);
        }
    }

    private static Task<int> DeleteEmptyAsync(CommHubDbContext db, IReadOnlyList<int> conversationIds, CancellationToken cancellationToken) =>
        db.Conversations.Where(c => conversationIds.Contains(c.Id) && !c.LegalHold && !db.Messages.Any(m => m.ConversationId == c.Id))
            .ExecuteDeleteAsync(cancellationToken);
}
