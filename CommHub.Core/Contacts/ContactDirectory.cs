using CommHub.Core.Data;
using CommHub.Core.Search;
using Microsoft.EntityFrameworkCore;

namespace CommHub.Core.Contacts;

public enum ContactSort
{
    Name = 0,
    Newest = 1,
    RecentActivity = 2,
}

public sealed record ContactListItem(int Id, string Name, string? Email, string? Phone, IReadOnlyList<string> Handles, int Conversations, DateTime? LastActivityAt, DateTime CreatedAt);

public sealed record ContactListPage(IReadOnlyList<ContactListItem> Items, int Total);

/// <summary>
/// Finding contacts by name, handle, e-mail or phone, for the search box and <c>/contacts</c>: every word a
/// case-insensitive substring of the contact or one of their identities (<see cref="ISearchIndex.Contacts"/>).
/// </summary>
public sealed class ContactDirectory(IDbContextFactory<CommHubDbContext> dbFactory, ISearchIndex index)
{
    public const int MaxPageSize = 100;

    public async Task<IReadOnlyList<ContactHit>> FindAsync(string text, int limit, CancellationToken cancellationToken = default)
    {
        var terms = SearchTerms.Parse(text);
        if (terms.IsEmpty) return [];
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await Matching(db, terms).OrderBy(c => c.Name).ThenBy(c => c.Id).Take(limit)
            .Select(c => new { c.Id, c.Name, c.Email, c.Phone, Handles = c.Identities.Where(i => i.DisplayHandle != null).Select(i => i.DisplayHandle!).ToList() })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new ContactHit(r.Id, r.Name, r.Email, r.Phone, r.Handles)).ToList();
    }

    public async Task<ContactListPage> ListAsync(string? text, ContactSort sort, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        page = Math.Max(0, page);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = Matching(db, SearchTerms.Parse(text));
        var total = await query.CountAsync(cancellationToken);
        var projected = query.Select(c => new
        {
            c.Id, c.Name, c.Email, c.Phone, c.CreatedAt,
            Handles = c.Identities.Where(i => i.DisplayHandle != null).Select(i => i.DisplayHandle!).ToList(),
            Conversations = db.Conversations.Count(v => v.ContactId == c.Id),
            LastActivityAt = db.Conversations.Where(v => v.ContactId == c.Id).Max(v => (DateTime?)v.LastActivityAt),
        });
        projected = sort switch
        {
            ContactSort.Newest => projected.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id),
            // Contacts without a conversation last on every provider (PostgreSQL would put NULL first when descending).
            ContactSort.RecentActivity => projected.OrderBy(c => c.LastActivityAt == null).ThenByDescending(c => c.LastActivityAt).ThenBy(c => c.Name).ThenBy(c => c.Id),
            _ => projected.OrderBy(c => c.Name).ThenBy(c => c.Id),
        };
        var rows = await projected.Skip(page * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new ContactListPage(
            rows.Select(r => new ContactListItem(r.Id, r.Name, r.Email, r.Phone, r.Handles, r.Conversations, r.LastActivityAt, r.CreatedAt)).ToList(),
            total);
    }

    private IQueryable<Contact> Matching(CommHubDbContext db, SearchTerms terms)
    {
        var query = db.Contacts.AsNoTracking();
        if (terms.IsEmpty) return query;
        var hits = index.Contacts(db, terms);
        return query.Where(c => hits.Any(h => h.Id == c.Id));
    }
}
