using CommHub.Core.Contacts;
using CommHub.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace CommHub.Core.Ingest;

/// <summary>Ingest's senders: the batch's known identities in one query, a new contact for an unknown one, names kept current.</summary>
internal static class IngestContacts
{
    public static string IdentityValue(InboundSender sender) =>
        sender.Kind == IdentityKind.Email ? sender.Value.Trim().ToLowerInvariant() : sender.Value;

    /// <summary>The identities of the batch's senders (and chats) that are already known, with their contacts.</summary>
    public static async Task<Dictionary<(IdentityKind, string), ContactIdentity>> FindAsync(
        CommHubDbContext db, IEnumerable<InboundSender> senders, CancellationToken cancellationToken)
    {
        var found = new Dictionary<(IdentityKind, string), ContactIdentity>();
        var contacts = new Dictionary<int, Contact>();
        foreach (var kind in senders.GroupBy(s => s.Kind))
        {
            var values = kind.Select(IdentityValue).Distinct().ToList();
            // Untracked: most senders are known and unchanged, and tracking them would cost every save. A change tracks them.
            var identities = await db.ContactIdentities.AsNoTracking().Include(i => i.Contact)
                .Where(i => i.Kind == kind.Key && values.Contains(i.Value)).ToListAsync(cancellationToken);
            // One instance per contact (one with two addresses may write twice in a batch), as a tracking query would give.
            foreach (var identity in identities)
            {
                identity.Contact = contacts.TryGetValue(identity.ContactId, out var same) ? same : contacts[identity.ContactId] = identity.Contact!;
                found[(identity.Kind, identity.Value)] = identity;
            }
        }
        return found;
    }

    /// <summary>The sender's contact: a known one (its name and handle kept current, tracked only then), or a new one to be saved.</summary>
    public static Contact Resolve(CommHubDbContext db, Dictionary<(IdentityKind, string), ContactIdentity> known, InboundSender sender)
    {
        var value = IdentityValue(sender);
        if (known.TryGetValue((sender.Kind, value), out var identity))
        {
            // Names and handles change (a Telegram user renames themselves): keep them current.
            if (!string.IsNullOrWhiteSpace(sender.Name) && identity.Contact!.Name != sender.Name) StartTracking(db, identity.Contact).Property(c => c.Name).CurrentValue = sender.Name;
            if (sender.Handle is not null && identity.DisplayHandle != sender.Handle) StartTracking(db, identity).Property(i => i.DisplayHandle).CurrentValue = sender.Handle;
            return identity.Contact!;
        }
        var contact = new Contact { Name = string.IsNullOrWhiteSpace(sender.Name) ? value : sender.Name, Email = sender.Email };
        identity = new ContactIdentity { Kind = sender.Kind, Value = value, DisplayHandle = sender.Handle, Contact = contact };
        contact.Identities.Add(identity);
        db.Contacts.Add(contact);
        known[(sender.Kind, value)] = identity;
        return contact;
    }

    /// <summary>An entity read without tracking, tracked from now on (alone, not its graph) so that a change to it is saved.</summary>
    public static EntityEntry<T> StartTracking<T>(CommHubDbContext db, T entity) where T : class
    {
        var entry = db.Entry(entity);
        if (entry.State == EntityState.Detached) entry.State = EntityState.Unchanged;
        return entry;
    }
}
