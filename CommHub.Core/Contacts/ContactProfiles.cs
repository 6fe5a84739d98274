using CommHub.Core.Common;
using CommHub.Core.Conversations;
using CommHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CommHub.Core.Contacts;

public sealed record ContactProfile(
    int Id, string Name, string? Email, string? Phone, string? Notes, DateTime CreatedAt,
    IReadOnlyList<ContactIdentityView> Identities, IReadOnlyList<ContactConversation> Conversations, IReadOnlyList<string> Labels);

public sealed record ContactEdit(string Name, string? Email, string? Phone, string? Notes);

/// <summary>A contact's page: who they are on every channel, their conversations and labels, and editing their details.</summary>
public sealed class ContactProfiles(IDbContextFactory<CommHubDbContext> dbFactory)
{
    public const int ConversationsShown = 100;

    public async Task<ContactProfile?> GetAsync(int contactId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var contact = await db.Contacts.AsNoTracking().Where(c => c.Id == contactId)
            .Select(c => new
            {
                c.Id, c.Name, c.Email, c.Phone, c.Notes, c.CreatedAt,
                Identities = c.Identities.OrderBy(i => i.Kind).ThenBy(i => i.Id).Select(i => new ContactIdentityView(i.Kind, i.Value, i.DisplayHandle)).ToList(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (contact is null) return null;
        var conversations = await db.Conversations.AsNoTracking().Where(c => c.ContactId == contactId)
            .OrderByDescending(c => c.LastActivityAt).ThenByDescending(c => c.Id).Take(ConversationsShown)
            .Select(c => new ContactConversation(c.Id, c.Subject, c.Status, c.LastActivityAt))
            .ToListAsync(cancellationToken);
        var labels = await db.Conversations.Where(c => c.ContactId == contactId).SelectMany(c => c.Labels).Select(l => l.Name)
            .Distinct().OrderBy(n => n).ToListAsync(cancellationToken);
        return new ContactProfile(contact.Id, contact.Name, contact.Email, contact.Phone, contact.Notes, contact.CreatedAt,
            contact.Identities, conversations, labels);
    }

    public async Task<OperationResult> UpdateAsync(int contactId, ContactEdit edit, CancellationToken cancellationToken = default)
    {
        if (ContactRules.Validate(edit) is { } error) return OperationResult.Fail(error);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var contact = await db.Contacts.SingleOrDefaultAsync(c => c.Id == contactId, cancellationToken);
        if (contact is null) return OperationResult.Fail("That contact no longer exists.");
        contact.Name = edit.Name.Trim();
        contact.Email = ContactRules.Blank(edit.Email);
        contact.Phone = ContactRules.Blank(edit.Phone);
        contact.Notes = ContactRules.Blank(edit.Notes);
        await db.SaveChangesAsync(cancellationToken);
        return OperationResult.Ok;
    }
}
