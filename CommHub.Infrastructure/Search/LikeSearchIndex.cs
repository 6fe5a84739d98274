using CommHub.Core.Contacts;
using CommHub.Core.Data;
using CommHub.Core.Search;
using Microsoft.EntityFrameworkCore;

namespace CommHub.Infrastructure.Search;

/// <summary>
/// Substring matching in provider-neutral LINQ (every word somewhere in the text), without ranking: newest first. It is
/// the SQL Server implementation, where full-text search is an optional feature that may not be installed, and the
/// fallback of the others for words in scripts written without spaces. It reads every row it considers, so it is much
/// slower than an index at a million messages (see docs/performance.md); the case follows the column's collation.
/// </summary>
public sealed class LikeSearchIndex : ISearchIndex
{
    public IQueryable<SearchHit> Messages(CommHubDbContext db, SearchTerms terms)
    {
        var messages = db.Messages.AsNoTracking();
        foreach (var word in terms.Words) messages = messages.Where(m => m.Text.Contains(word));
        return messages.Select(m => new SearchHit { Id = m.Id, Score = 0 });
    }

    public IQueryable<SearchHit> Subjects(CommHubDbContext db, SearchTerms terms)
    {
        var conversations = db.Conversations.AsNoTracking();
        foreach (var word in terms.Words) conversations = conversations.Where(c => c.Subject.Contains(word));
        return conversations.Select(c => new SearchHit { Id = c.Id, Score = 0 });
    }

    public IQueryable<SearchHit> FileNames(CommHubDbContext db, SearchTerms terms)
    {
        var files = db.Attachments.AsNoTracking();
        foreach (var word in terms.Words) files = files.Where(a => a.FileName.Contains(word));
        return files.Select(a => new SearchHit { Id = a.MessageId, Score = 0 });
    }

    public IQueryable<SearchHit> Contacts(CommHubDbContext db, SearchTerms terms)
    {
        var contacts = db.Contacts.AsNoTracking();
        foreach (var word in terms.Words)
        {
            contacts = contacts.Where(c => c.Name.ToLower().Contains(word)
                || (c.Email != null && c.Email.ToLower().Contains(word))
                || (c.Phone != null && c.Phone.Contains(word))
                || c.Identities.Any(i => i.Kind != IdentityKind.PortalUser
                    && (i.Value.ToLower().Contains(word) || (i.DisplayHandle != null && i.DisplayHandle.ToLower().Contains(word)))));
        }
        return contacts.Select(c => new SearchHit { Id = c.Id, Score = 0 });
    }

    public Task<string> RebuildAsync(CommHubDbContext db, CancellationToken cancellationToken = default) =>
        Task.FromResult("This database searches without an index (substring matching): there is nothing to rebuild.");
}
