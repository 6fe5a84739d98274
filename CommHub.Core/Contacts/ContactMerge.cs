using CommHub.Core.Audit;
using CommHub.Core.Common;
using CommHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CommHub.Core.Contacts;

public sealed record MergeCounts(int Identities, int Conversations, int Messages);

/// <summary>
/// Two contacts that are one person (the same customer on Telegram and Gmail): the other's identities, conversations and
/// group messages move to the kept contact, the details the kept one lacks are taken over, the other is deleted, and an
/// audit entry records it, all in one transaction. Two portal accounts are never merged: each would see the other's requests.
/// </summary>
public sealed class ContactMerge(IDbContextFactory<CommHubDbContext> dbFactory, AuditLog audit)
{
    public async Task<OperationResult<MergeCounts>> MergeAsync(int keepId, int otherId, string? actingUserId, CancellationToken cancellationToken = default)
    {
        if (keepId == otherId) return OperationResult<MergeCounts>.Fail("Pick two different contacts to merge.");
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.InTransactionAsync(async token =>
        {
            var pair = await db.Contacts.Where(c => c.Id == keepId || c.Id == otherId).ToListAsync(token);
            var keep = pair.SingleOrDefault(c => c.Id == keepId);
            var other = pair.SingleOrDefault(c => c.Id == otherId);
            if (keep is null || other is null) return OperationResult<MergeCounts>.Fail("One of the two contacts no longer exists.");
            var portal = await db.ContactIdentities.Where(i => (i.ContactId == keepId || i.ContactId == otherId) && i.Kind == IdentityKind.PortalUser)
                .Select(i => i.ContactId).Distinct().CountAsync(token);
            if (portal == 2)
                return OperationResult<MergeCounts>.Fail("Both contacts have a customer portal account. Merging them would show each account the other's requests.");

            var identities = await db.ContactIdentities.Where(i => i.ContactId == otherId).ExecuteUpdateAsync(s => s.SetProperty(i => i.ContactId, keepId), token);
            var conversations = await db.Conversations.Where(c => c.ContactId == otherId).ExecuteUpdateAsync(s => s.SetProperty(c => c.ContactId, keepId), token);
            var messages = await db.Messages.Where(m => m.SenderContactId == otherId).ExecuteUpdateAsync(s => s.SetProperty(m => m.SenderContactId, keepId), token);
            keep.Email ??= other.Email;
            keep.Phone ??= other.Phone;
            keep.Notes = (keep.Notes, other.Notes) switch
            {
                (null, var theirs) => theirs,
                (var ours, null) => ours,
                var (ours, theirs) => ColumnText.Fit(ours + "\n\n" + theirs, ContactRules.MaxNotes),
            };
            db.Contacts.Remove(other);
            var counts = new MergeCounts(identities, conversations, messages);
            audit.Add(db, actingUserId, AuditActions.ContactMerged, nameof(Contact), keepId,
                $"merged contact {otherId} into {keepId}: identities={identities}, conversations={conversations}, messages={messages}");
            await db.SaveChangesAsync(token);
            return OperationResult<MergeCounts>.Ok(counts);
        }, cancellationToken);
    }
}
