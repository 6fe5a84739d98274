using CommHub.Core.Contacts;
using CommHub.Core.Conversations;
using CommHub.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommHub.Core.Search;

/// <summary>
/// Search for staff (every conversation, private notes included) and for customers in the portal (their own
/// conversations, never a note). The index matches and scores (<see cref="ISearchIndex"/>); everything a viewer may see
/// and every filter is applied here, to the same queries on every provider. Reads one page: the best
/// <see cref="MessageLimit"/> messages of the newest <see cref="SearchOptions.RankWindow"/> matches, then only their texts for the snippets.
/// </summary>
public sealed class SearchService(
    IDbContextFactory<CommHubDbContext> dbFactory, ISearchIndex index, ContactDirectory contacts, IOptions<SearchOptions> options)
{
    public const int MessageLimit = 50;
    public const int ConversationLimit = 10;
    public const int ContactLimit = 5;

    public async Task<SearchResults> SearchAsync(string? text, SearchFilter filter, SearchViewer viewer, CancellationToken cancellationToken = default)
    {
        var terms = SearchTerms.Parse(text);
        if (terms.IsEmpty) return SearchResults.Nothing(noWords: true);
        // Messages, subjects and contacts are independent reads: each on its own context, at the same time (on the thread
        // pool, since SQLite's "async" calls complete synchronously).
        var messages = WithContextAsync(db => MessagesAsync(db, terms, filter, viewer, Conversations(db, filter, viewer), cancellationToken), cancellationToken);
        var subjects = filter.OnMessagesOnly
            ? Task.FromResult<IReadOnlyList<ConversationHit>>([])
            : WithContextAsync(db => SubjectsAsync(db, terms, filter, Conversations(db, filter, viewer), cancellationToken), cancellationToken);
        var people = viewer.IsStaff && filter == new SearchFilter()
            ? Task.Run(() => contacts.FindAsync(text!, ContactLimit, cancellationToken), cancellationToken)
            : Task.FromResult<IReadOnlyList<ContactHit>>([]);
        await Task.WhenAll(messages, subjects, people);
        return new SearchResults(await people, await subjects, await messages, NoWords: false);
    }

    private Task<T> WithContextAsync<T>(Func<CommHubDbContext, Task<T>> read, CancellationToken cancellationToken) =>
        Task.Run(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            return await read(db);
        }, cancellationToken);

    private static IQueryable<Conversation> Conversations(CommHubDbContext db, SearchFilter filter, SearchViewer viewer)
    {
        var query = db.Conversations.AsNoTracking();
        if (!viewer.IsStaff)
        {
            query = query.Where(c => db.ContactIdentities.Any(i =>
                i.Kind == IdentityKind.PortalUser && i.Value == viewer.UserId && i.ContactId == c.ContactId));
        }
        if (filter.ChannelId is { } channelId) query = query.Where(c => c.ChannelId == channelId);
        if (filter.Status is { } status) query = query.Where(c => c.Status == status);
        query = filter.Assignee switch
        {
            AssigneeFilter.Me => query.Where(c => c.AssigneeId == viewer.UserId),
            AssigneeFilter.Unassigned => query.Where(c => c.AssigneeId == null),
            _ => query,
        };
        if (!string.IsNullOrWhiteSpace(filter.Label))
        {
            var label = filter.Label.Trim().ToLowerInvariant();
            query = query.Where(c => c.Labels.Any(l => l.Name == label));
        }
        if (filter.ContactId is { } contactId) query = query.Where(c => c.ContactId == contactId);
        return query;
    }

    private async Task<IReadOnlyList<MessageHit>> MessagesAsync(
        CommHubDbContext db, SearchTerms terms, SearchFilter filter, SearchViewer viewer, IQueryable<Conversation> scope, CancellationToken cancellationToken)
    {
        var byText = await TopAsync(db, index.Messages(db, terms), filter, viewer, scope, cancellationToken);
        var byFile = await TopAsync(db, index.FileNames(db, terms), filter, viewer, scope, cancellationToken);
        var top = byText.Concat(byFile).GroupBy(h => h.Id).Select(g => g.OrderBy(h => h.Score).First())
            .OrderBy(h => h.Score).ThenByDescending(h => h.Id).Take(MessageLimit).ToList();
        if (top.Count == 0) return [];

        var ids = top.Select(h => h.Id).ToList();
        var rows = await db.Messages.AsNoTracking().Where(m => ids.Contains(m.Id))
            .Select(m => new
            {
                m.Id, m.ConversationId, m.Text, m.Direction, m.IsPrivateNote, m.SenderName, m.CreatedAt,
                m.Conversation!.Subject, ContactName = m.Conversation.Contact!.Name, ChannelName = m.Conversation.Channel!.Name,
                m.Conversation.Channel.Kind,
            })
            .ToDictionaryAsync(m => m.Id, cancellationToken);
        var files = (await db.Attachments.AsNoTracking().Where(a => ids.Contains(a.MessageId)).OrderBy(a => a.Id)
            .Select(a => new { a.MessageId, a.FileName }).ToListAsync(cancellationToken)).ToLookup(a => a.MessageId, a => a.FileName);

        return top.Where(h => rows.ContainsKey(h.Id)).Select(h => rows[h.Id]).Select(m => new MessageHit(
                m.Id, m.ConversationId, m.Subject, m.ContactName, m.ChannelName, m.Kind,
                m.IsPrivateNote ? SearchKind.PrivateNote : m.Direction == MessageDirection.Inbound ? SearchKind.Customer : SearchKind.Staff,
                m.SenderName, Snippets.Of(m.Text, terms), files[m.Id].ToList(), m.CreatedAt))
            .ToList();
    }

    private async Task<List<SearchHit>> TopAsync(
        CommHubDbContext db, IQueryable<SearchHit> hits, SearchFilter filter, SearchViewer viewer, IQueryable<Conversation> scope,
        CancellationToken cancellationToken)
    {
        var messages = db.Messages.AsNoTracking();
        if (!viewer.IsStaff) messages = messages.Where(m => !m.IsPrivateNote);
        messages = filter.Kind switch
        {
            SearchKind.Customer => messages.Where(m => m.Direction == MessageDirection.Inbound && !m.IsPrivateNote),
            SearchKind.Staff => messages.Where(m => m.Direction == MessageDirection.Outbound && !m.IsPrivateNote),
            SearchKind.PrivateNote => messages.Where(m => m.IsPrivateNote),
            _ => messages,
        };
        if (filter.HasFiles) messages = messages.Where(m => m.Attachments.Any());
        if (filter.From is { } from) messages = messages.Where(m => m.CreatedAt >= from);
        if (filter.To is { } to) messages = messages.Where(m => m.CreatedAt < to);
        var unscoped = viewer.IsStaff && filter with { From = null, To = null, HasFiles = false, Kind = SearchKind.Any } == new SearchFilter();
        if (!unscoped) messages = messages.Where(m => scope.Any(c => c.Id == m.ConversationId));

        // Newest first the index walks its matches in id order and stops at the window; only those are scored and ranked.
        var window = (from h in hits
                      join m in messages on h.Id equals m.Id
                      orderby h.Id descending
                      select new SearchHit { Id = h.Id, Score = h.Score })
            .Take(options.Value.RankWindow);
        return await window.OrderBy(h => h.Score).ThenByDescending(h => h.Id).Take(MessageLimit).ToListAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<ConversationHit>> SubjectsAsync(
        CommHubDbContext db, SearchTerms terms, SearchFilter filter, IQueryable<Conversation> scope, CancellationToken cancellationToken)
    {
        if (filter.From is { } from) scope = scope.Where(c => c.LastActivityAt >= from);
        if (filter.To is { } to) scope = scope.Where(c => c.CreatedAt < to);
        // As for messages: the newest matches in the window, ranked; then the page's rows.
        var top = await (from h in index.Subjects(db, terms)
                         join c in scope on h.Id equals c.Id
                         orderby h.Id descending
                         select new SearchHit { Id = h.Id, Score = h.Score })
            .Take(options.Value.RankWindow)
            .OrderBy(h => h.Score).ThenByDescending(h => h.Id).Take(ConversationLimit)
            .ToListAsync(cancellationToken);
        var ids = top.Select(h => h.Id).ToList();
        var found = await db.Conversations.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.Subject, ContactName = c.Contact!.Name, ChannelName = c.Channel!.Name, c.Status, c.LastActivityAt })
            .ToDictionaryAsync(c => c.Id, cancellationToken);
        var rows = top.Where(h => found.ContainsKey(h.Id)).Select(h => found[h.Id]).ToList();
        return rows.Select(r => new ConversationHit(r.Id, Snippets.Of(r.Subject, terms), r.ContactName, r.ChannelName, r.Status, r.LastActivityAt)).ToList();
    }

    /// <summary>Rebuilds the index from the tables (the <c>--rebuild-search</c> command).</summary>
    public async Task<string> RebuildAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
        return await index.RebuildAsync(db, cancellationToken);
    }
}
