using CommHub.Core.Audit;
using CommHub.Core.Common;
using CommHub.Core.Conversations;
using CommHub.Core.Data;
using CommHub.Core.Retention;
using Microsoft.EntityFrameworkCore;

namespace CommHub.Core.Contacts;

/// <summary>What an erasure removed; the audit entry keeps these counts and nothing of the content.</summary>
public sealed record ErasureCounts(int Messages, int Files, int Conversations, int Identities, int ErasedInGroups);

/// <summary>
/// Erases a contact (GDPR article 17): their conversations with every message and file, their identities and the contact
/// itself. In a group conversation, which belongs to the group, their messages stay in place as "erased", emptied of
/// text, files, name and location, so the others' messages keep their context. Without identities, the same person
/// writing again becomes a new contact. Runs in short batches and can be run again if it stops half way.
/// </summary>
public sealed class ContactErasure(IDbContextFactory<CommHubDbContext> dbFactory, PendingBlobDeletes blobs, AuditLog audit, TimeProvider clock)
{
    private const int Batch = 500;

    public async Task<OperationResult<ErasureCounts>> EraseAsync(int contactId, string typedName, string? actingUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var contact = await db.Contacts.AsNoTracking().SingleOrDefaultAsync(c => c.Id == contactId, cancellationToken);
        if (contact is null) return OperationResult<ErasureCounts>.Fail("That contact no longer exists.");
        if (!string.Equals(typedName.Trim(), contact.Name.Trim(), StringComparison.Ordinal))
            return OperationResult<ErasureCounts>.Fail($"Type the contact's name exactly as shown ({contact.Name}) to confirm.");
        var held = await db.Conversations.CountAsync(c => c.LegalHold
            && (c.ContactId == contactId || db.Messages.Any(m => m.ConversationId == c.Id && m.SenderContactId == contactId)), cancellationToken);
        if (held > 0)
            return OperationResult<ErasureCounts>.Fail($"{held} of this contact's conversation(s) are on legal hold. Lift the hold first, or keep the data.");

        var own = await DeleteOwnConversationsAsync(db, contactId, cancellationToken);
        var (erased, groupFiles) = await EraseInGroupsAsync(db, contactId, cancellationToken);
        var identities = await db.ContactIdentities.Where(i => i.ContactId == contactId).ExecuteDeleteAsync(cancellationToken);
        await db.Contacts.Where(c => c.Id == contactId).ExecuteDeleteAsync(cancellationToken);
        var counts = new ErasureCounts(own.Messages, own.Files + groupFiles, own.Conversations, identities, erased);
        await audit.RecordAsync(actingUserId, AuditActions.ContactErased, nameof(Contact), contactId,
            $"messages={counts.Messages}, files={counts.Files}, conversations={counts.Conversations}, identities={counts.Identities}, erasedInGroups={counts.ErasedInGroups}",
            cancellationToken);
        await blobs.DrainAsync(cancellationToken);
        return OperationResult<ErasureCounts>.Ok(counts);
    }

    private async Task<DeletedCounts> DeleteOwnConversationsAsync(CommHubDbContext db, int contactId, CancellationToken cancellationToken)
    {
        var total = DeletedCounts.None;
        var own = await db.Conversations.Where(c => c.ContactId == contactId).Select(c => c.Id).ToListAsync(cancellationToken);
        while (own.Count > 0)
        {
            var ids = db.Messages.Where(m => own.Contains(m.ConversationId)).OrderBy(m => m.Id).Select(m => m.Id);
            if (!await ids.AnyAsync(cancellationToken)) break;
            var last = await ids.Skip(Batch - 1).Select(id => (int?)id).FirstOrDefaultAsync(cancellationToken) ?? int.MaxValue;
            var batch = db.Messages.Where(m => own.Contains(m.ConversationId) && m.Id <= last);
            var now = clock.GetUtcNow().UtcDateTime;
            var deleted = await db.InTransactionAsync(token => MessageDeleter.DeleteAsync(db, batch, now, token), cancellationToken);
            db.ChangeTracker.Clear();
            total = total.Add(deleted);
            if (deleted.Messages == 0) break;
        }
        // Conversations that never had a message.
        var empty = await db.Conversations.Where(c => c.ContactId == contactId).ExecuteDeleteAsync(cancellationToken);
        return total with { Conversations = total.Conversations + empty };
    }

    /// <summary>Their messages in other people's (group) conversations become "erased"; returns those and their files.</summary>
    private async Task<(int Erased, int Files)> EraseInGroupsAsync(CommHubDbContext db, int contactId, CancellationToken cancellationToken)
    {
        var (erased, files) = (0, 0);
        while (true)
        {
            var ids = await db.Messages.Where(m => m.SenderContactId == contactId).OrderBy(m => m.Id).Select(m => m.Id).Take(Batch).ToListAsync(cancellationToken);
            if (ids.Count == 0) return (erased, files);
            var now = clock.GetUtcNow().UtcDateTime;
            var (n, f) = await db.InTransactionAsync(async token =>
            {
                var f = await MessageDeleter.QueueBlobsAsync(db, db.Messages.Where(m => ids.Contains(m.Id)), now, token);
                await db.Attachments.Where(a => ids.Contains(a.MessageId)).ExecuteDeleteAsync(token);
                var n = await db.Messages.Where(m => ids.Contains(m.Id)).ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Text, "")
                    .SetProperty(m => m.SanitizedHtml, (string?)null)
                    .SetProperty(m => m.SenderName, (string?)null)
                    .SetProperty(m => m.SenderContactId, (int?)null)
                    .SetProperty(m => m.Latitude, (double?)null)
                    .SetProperty(m => m.Longitude, (double?)null)
                    .SetProperty(m => m.LocationName, (string?)null)
                    .SetProperty(m => m.EmailCc, (string?)null)
                    .SetProperty(m => m.EmailBcc, (string?)null)
                    .SetProperty(m => m.ErasedAt, now)
                    .SetProperty(m => m.UpdatedAt, now), token);
                await RefreshPreviewsAsync(db, ids, token);
                return (n, f);
            }, cancellationToken);
            db.ChangeTracker.Clear();
            (erased, files) = (erased + n, files + f);
        }
    }

    /// <summary>A group conversation whose newest message was theirs no longer previews its text.</summary>
    private static async Task RefreshPreviewsAsync(CommHubDbContext db, IReadOnlyList<int> messageIds, CancellationToken cancellationToken)
    {
        var conversations = await db.Messages.Where(m => messageIds.Contains(m.Id)).Select(m => m.ConversationId).Distinct().ToListAsync(cancellationToken);
        foreach (var id in conversations)
        {
            var newest = await db.Messages.Where(m => m.ConversationId == id && !m.IsPrivateNote).OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
                .Select(m => new { m.Text, m.ErasedAt, Files = m.Attachments.Select(a => a.FileName).ToList() }).FirstOrDefaultAsync(cancellationToken);
            var preview = newest is null ? null : newest.ErasedAt is not null ? ErasedText : Conversation.PreviewOf(newest.Text, newest.Files);
            await db.Conversations.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.LastMessagePreview, preview), cancellationToken);
        }
    }

    public const string ErasedText = "Message erased";
}
