using CommHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CommHub.Core.Conversations;

/// <summary>
/// The inbox list: newest activity first, keyset-paginated on (LastActivityAt, Id) so a page deep in
/// the list costs what the first page costs. One query per page; the preview is denormalised onto the
/// conversation so no message is read.
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
        if (after is not null)
        {
            query = query.Where(c => c.LastActivityAt < after.LastActivityAt
                || (c.LastActivityAt == after.LastActivityAt && c.Id < after.Id));
        }

        var rows = await query
            .OrderByDescending(c => c.LastActivityAt).ThenByDescending(c => c.Id)
            .Take(pageSize + 1)
            .Select(c => new InboxItem(
                c.Id,
                c.Subject,
                c.Contact!.Name,
                c.Channel!.Kind,
                c.Channel.Name,
                c.Status,
                c.Priority,
                c.Assignee == null ? null : c.Assignee.DisplayName,
                c.LastMessagePreview,
                c.AgentUnreadCount,
                c.LastActivityAt,
                c.Labels.OrderBy(l => l.Name).Select(l => l.Name).ToList()))
            .ToListAsync(cancellationToken);

        var hasMore = rows.Count > pageSize;
        if (hasMore) rows.RemoveAt(rows.Count - 1);
        var next = hasMore ? new InboxCursor(rows[^1].LastActivityAt, rows[^1].Id) : null;
        return new InboxPage(rows, next);
    }

    /// <summary>The channels to filter by.</summary>
    public async Task<IReadOnlyList<ChannelOption>> ListChannelsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Channels.OrderBy(c => c.Name).Select(c => new ChannelOption(c.Id, c.Name, c.Kind)).ToListAsync(cancellationToken);
    }
}
