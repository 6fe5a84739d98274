using CommHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CommHub.Core.Conversations;

/// <summary>
/// The inbox list: newest activity first (or oldest first, or the longest wait first), keyset-paginated on (key, Id) so a
/// page deep in the list costs what the first page costs. Two queries per page: the rows, then the labels of those rows
/// by id; the preview is denormalised onto the conversation so no message is read.
/// </summary>
public sealed class InboxQueryService(IDbContextFactory<CommHubDbContext> dbFactory)
{
    public const int MaxPageSize = 200;

    public async Task<InboxPage> ListAsync(
        InboxFilter filter, string currentUserId, InboxCursor? after = null, int pageSize = 50, CancellationToken cancellationToken = default)
    {
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

        var query = db.Conversations.AsNoTracking();
        if (filter.Status is { } status) query = query.Where(c => c.Status == status);
        if (filter.ChannelId is { } channelId) query = query.Where(c => c.ChannelId == channelId);
        if (filter.ProjectId is { } projectId) query = query.Where(c => c.ProjectId == projectId);
        query = filter.Assignee switch
        {
            AssigneeFilter.Me => query.Where(c => c.AssigneeId == currentUserId),
            AssigneeFilter.Unassigned => query.Where(c => c.AssigneeId == null),
            _ => query,
        };
        if (!string.IsNullOrWhiteSpace(filter.Label))
        {
            var label = filter.Label.Trim().ToLowerInvariant();
            query = query.Where(c => c.Labels.Any(l => l.Name == label));
        }
        if (filter.FailedSends)
        {
            // Conversations with a send that failed or could not be confirmed: read from the outbox's (State, ...) index,
            // a short list, once (an IN subquery), not probed per conversation.
            var failing = db.Outbox.Where(o => o.State == Outbox.OutboxState.Failed || o.State == Outbox.OutboxState.Unknown)
                .Select(o => o.Message!.ConversationId);
            query = query.Where(c => failing.Contains(c.Id));
        }
        query = Ordered(query, filter.Sort, after);

        var rows = await query
            .Take(pageSize + 1)
            .Select(c => new
            {
                c.Id,
                c.Subject,
                ContactName = c.Contact!.Name,
                c.Channel!.Kind,
                ChannelName = c.Channel.Name,
                c.Status,
                c.Priority,
                AssigneeName = c.Assignee == null ? null : c.Assignee.DisplayName,
                c.LastMessagePreview,
                c.AgentUnreadCount,
                c.LastActivityAt,
                ProjectName = c.Project == null ? null : c.Project.Name,
                c.WaitingSince,
            })
            .ToListAsync(cancellationToken);

        var hasMore = rows.Count > pageSize;
        if (hasMore) rows.RemoveAt(rows.Count - 1);
        var labels = await LabelsOfAsync(db, rows.Select(r => r.Id).ToList(), cancellationToken);
        var items = rows.Select(r => new InboxItem(
                r.Id, r.Subject, r.ContactName, r.Kind, r.ChannelName, r.Status, r.Priority, r.AssigneeName,
                r.LastMessagePreview, r.AgentUnreadCount, r.LastActivityAt, labels[r.Id].ToList(), r.ProjectName, r.WaitingSince))
            .ToList();
        var last = hasMore ? items[^1] : null;
        var next = last is null ? null
            : new InboxCursor(filter.Sort == InboxSort.WaitingLongest ? last.WaitingSince!.Value : last.LastActivityAt, last.Id);
        return new InboxPage(items, next);
    }

    /// <summary>The order and the rows after the cursor in it; each order has its own (key, Id) index.</summary>
    private static IQueryable<Conversation> Ordered(IQueryable<Conversation> query, InboxSort sort, InboxCursor? after) => sort switch
    {
        InboxSort.Oldest => (after is { } a
                ? query.Where(c => c.LastActivityAt > a.Key || (c.LastActivityAt == a.Key && c.Id > a.Id))
                : query)
            .OrderBy(c => c.LastActivityAt).ThenBy(c => c.Id),
        InboxSort.WaitingLongest => (after is { } a
                ? query.Where(c => c.WaitingSince > a.Key || (c.WaitingSince == a.Key && c.Id > a.Id))
                : query.Where(c => c.WaitingSince != null))
            .OrderBy(c => c.WaitingSince).ThenBy(c => c.Id),
        _ => (after is { } a
                ? query.Where(c => c.LastActivityAt < a.Key || (c.LastActivityAt == a.Key && c.Id < a.Id))
                : query)
            .OrderByDescending(c => c.LastActivityAt).ThenByDescending(c => c.Id),
    };

    /// <summary>
    /// The page's labels by id, each conversation's in name order. Projected inside the page query, EF's LEFT JOIN made
    /// SQLite materialise the whole ConversationLabels table on every page, so the first page grew with the inbox.
    /// </summary>
    private static async Task<ILookup<int, string>> LabelsOfAsync(CommHubDbContext db, List<int> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0) return Enumerable.Empty<(int Id, string Name)>().ToLookup(p => p.Id, p => p.Name);
        var pairs = await db.Conversations
            .Where(c => ids.Contains(c.Id))
            .SelectMany(c => c.Labels, (c, l) => new { c.Id, l.Name })
            .OrderBy(p => p.Name)
            .ToListAsync(cancellationToken);
        return pairs.ToLookup(p => p.Id, p => p.Name);
    }

    /// <summary>The channels to filter by.</summary>
    public async Task<IReadOnlyList<ChannelOption>> ListChannelsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Channels.OrderBy(c => c.Name).Select(c => new ChannelOption(c.Id, c.Name, c.Kind)).ToListAsync(cancellationToken);
    }
}
