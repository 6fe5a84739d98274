using CommHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CommHub.Core.Analytics;

/// <summary>The page's reads, over the rollups only (never the messages table).</summary>
internal static class AnalyticsQueries
{
    public static IQueryable<AnalyticsHour> Hours(CommHubDbContext db, AnalyticsFilter filter, DateTime fromUtc, DateTime toUtc)
    {
        var label = filter.LabelId ?? 0;
        var query = db.AnalyticsHours.AsNoTracking().Where(h => h.LabelId == label && h.HourStart >= fromUtc && h.HourStart < toUtc);
        if (filter.ChannelId is { } channel) query = query.Where(h => h.ChannelId == channel);
        var agent = filter.AgentId ?? AnalyticsHour.AllAgents;
        return query.Where(h => h.AgentKey == agent);
    }

    /// <summary>The per-agent rows of the same period and filters (not the all-agents sums), for the agents table.</summary>
    public static IQueryable<AnalyticsHour> AgentHours(CommHubDbContext db, AnalyticsFilter filter, DateTime fromUtc, DateTime toUtc)
    {
        var label = filter.LabelId ?? 0;
        var query = db.AnalyticsHours.AsNoTracking().Where(h => h.LabelId == label && h.HourStart >= fromUtc && h.HourStart < toUtc
            && h.AgentKey != "" && h.AgentKey != AnalyticsHour.AllAgents);
        if (filter.ChannelId is { } channel) query = query.Where(h => h.ChannelId == channel);
        if (filter.AgentId is { } agent) query = query.Where(h => h.AgentKey == agent);
        return query;
    }

    public static IQueryable<ConversationCycle> Cycles(CommHubDbContext db, AnalyticsFilter filter)
    {
        var query = db.ConversationCycles.AsNoTracking();
        if (filter.ChannelId is { } channel) query = query.Where(c => c.ChannelId == channel);
        if (filter.AgentId is { } agent) query = query.Where(c => c.AgentId == agent);
        if (filter.LabelId is { } label)
            query = query.Where(c => db.Conversations.Any(v => v.Id == c.ConversationId && v.Labels.Any(l => l.Id == label)));
        return query;
    }

    /// <summary>Every count of the period in one row.</summary>
    public static async Task<AnalyticsHour> TotalsAsync(IQueryable<AnalyticsHour> hours, CancellationToken token) =>
        await hours.GroupBy(_ => 1).Select(g => new AnalyticsHour
        {
            Inbound = g.Sum(h => h.Inbound),
            InboundWithAttachments = g.Sum(h => h.InboundWithAttachments),
            Outbound = g.Sum(h => h.Outbound),
            OutboundWithAttachments = g.Sum(h => h.OutboundWithAttachments),
            Automated = g.Sum(h => h.Automated),
            Opened = g.Sum(h => h.Opened),
            Reopened = g.Sum(h => h.Reopened),
            Resolved = g.Sum(h => h.Resolved),
            ResolvedByRules = g.Sum(h => h.ResolvedByRules),
            Assigned = g.Sum(h => h.Assigned),
            InboundRead = g.Sum(h => h.InboundRead),
            OutboundRead = g.Sum(h => h.OutboundRead),
            Replies = g.Sum(h => h.Replies),
            ReplySeconds = g.Sum(h => h.ReplySeconds),
        }).SingleOrDefaultAsync(token) ?? new AnalyticsHour();

    public sealed record HourVolume(DateTime HourStart, int ChannelId, int In, int Out);

    /// <summary>
    /// The period's hours with messages. One label and one agent key (the all-agents sums, or the agent filtered by) leave
    /// one row per hour and channel, so the rows are read as they are, without grouping; only the hours with messages.
    /// </summary>
    public static Task<List<HourVolume>> VolumeAsync(IQueryable<AnalyticsHour> hours, CancellationToken token) =>
        hours.Where(h => h.Inbound != 0 || h.Outbound != 0)
            .Select(h => new HourVolume(h.HourStart, h.ChannelId, h.Inbound, h.Outbound))
            .ToListAsync(token);

    public sealed record AgentSums(string AgentKey, int Assigned, int Replied, int Resolved, int Replies, long ReplySeconds);

    public static Task<List<AgentSums>> AgentsAsync(IQueryable<AnalyticsHour> hours, CancellationToken token) =>
        hours.GroupBy(h => h.AgentKey)
            .Select(g => new AgentSums(g.Key, g.Sum(h => h.Assigned), g.Sum(h => h.Outbound), g.Sum(h => h.Resolved), g.Sum(h => h.Replies), g.Sum(h => h.ReplySeconds)))
            .ToListAsync(token);

    public sealed record FirstResponse(DateTime AskedAt, int Seconds, string? ResponderId);

    public static Task<List<FirstResponse>> FirstResponsesAsync(IQueryable<ConversationCycle> cycles, DateTime fromUtc, DateTime toUtc, CancellationToken token) =>
        cycles.Where(c => c.FirstInboundAt >= fromUtc && c.FirstInboundAt < toUtc && c.FirstResponseSeconds != null)
            .Select(c => new FirstResponse(c.FirstInboundAt!.Value, c.FirstResponseSeconds!.Value, c.FirstResponderId))
            .ToListAsync(token);

    public sealed record Resolution(DateTime ResolvedAt, int Seconds);

    public static Task<List<Resolution>> ResolutionsAsync(IQueryable<ConversationCycle> cycles, DateTime fromUtc, DateTime toUtc, CancellationToken token) =>
        cycles.Where(c => c.ResolvedAt >= fromUtc && c.ResolvedAt < toUtc && c.ResolutionSeconds != null)
            .Select(c => new Resolution(c.ResolvedAt!.Value, c.ResolutionSeconds!.Value))
            .ToListAsync(token);

    /// <summary>
    /// What the backlog needs: how many cycles were open when the period began (counted in the database), and the times
    /// cycles started and were resolved within it. Never the whole history of open conversations.
    /// </summary>
    public sealed record BacklogInputs(int OpenAtStart, List<DateTime> Starts, List<DateTime> Resolves);

    public static async Task<BacklogInputs> BacklogAsync(IQueryable<ConversationCycle> cycles, DateTime fromUtc, DateTime toUtc, CancellationToken token)
    {
        var openAtStart = await cycles.CountAsync(c => c.StartedAt < fromUtc && (c.ResolvedAt == null || c.ResolvedAt >= fromUtc), token);
        var starts = await cycles.Where(c => c.StartedAt >= fromUtc && c.StartedAt < toUtc).Select(c => c.StartedAt).ToListAsync(token);
        var resolves = await cycles.Where(c => c.ResolvedAt >= fromUtc && c.ResolvedAt < toUtc).Select(c => c.ResolvedAt!.Value).ToListAsync(token);
        return new BacklogInputs(openAtStart, starts, resolves);
    }
}
