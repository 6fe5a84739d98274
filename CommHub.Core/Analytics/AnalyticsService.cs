using CommHub.Core.Data;
using CommHub.Core.Users;
using Microsoft.EntityFrameworkCore;
using static CommHub.Core.Analytics.AnalyticsQueries;

namespace CommHub.Core.Analytics;

/// <summary>Everything the analytics page shows, for a period and the one before it, from the rollups.</summary>
public sealed class AnalyticsService(IDbContextFactory<CommHubDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Whole days of a named period ending today in the viewer's zone; a custom one is checked and kept.</summary>
    public (DateOnly From, DateOnly To) Resolve(AnalyticsPeriod period, string timeZoneId, DateOnly? from = null, DateOnly? to = null)
    {
        var today = ZoneDays.For(timeZoneId).Today(clock);
        return period switch
        {
            AnalyticsPeriod.Today => (today, today),
            AnalyticsPeriod.Last7Days => (today.AddDays(-6), today),
            AnalyticsPeriod.Quarter => (today.AddDays(-89), today),
            AnalyticsPeriod.Custom when from is { } f && to is { } t && f <= t && t.DayNumber - f.DayNumber < 366 => (f, t),
            _ => (today.AddDays(-29), today),
        };
    }

    public async Task<AnalyticsReport> ReportAsync(AnalyticsFilter filter, CancellationToken cancellationToken = default)
    {
        var days = ZoneDays.For(filter.TimeZoneId);
        var (from, to) = (days.StartUtc(filter.From), days.StartUtc(filter.To.AddDays(1)));
        var previous = filter.Previous;
        var previousFrom = days.StartUtc(previous.From);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var hours = Hours(db, filter, from, to);
        var cycles = Cycles(db, filter);

        var totals = await TotalsAsync(hours, cancellationToken);
        var previousTotals = await TotalsAsync(Hours(db, filter, previousFrom, from), cancellationToken);
        var firstResponses = await FirstResponsesAsync(cycles, previousFrom, to, cancellationToken);
        var resolutions = await ResolutionsAsync(cycles, previousFrom, to, cancellationToken);
        var volume = await VolumeAsync(hours, cancellationToken);
        var backlog = await BacklogAsync(cycles, from, to, cancellationToken);
        var agents = await AgentsAsync(AgentHours(db, filter, from, to), cancellationToken);
        var names = await AgentNamesAsync(db, agents.Select(a => a.AgentKey).ToList(), cancellationToken);
        var fresh = await db.AnalyticsStates.AsNoTracking().Where(s => s.Id == AnalyticsOptions.StateId).Select(s => s.LastFoldAt).FirstOrDefaultAsync(cancellationToken);

        var current = firstResponses.Where(r => r.AskedAt >= from).ToList();
        return new AnalyticsReport(
            filter,
            Overview(totals, current.Select(r => r.Seconds), resolutions.Where(r => r.ResolvedAt >= from).Select(r => r.Seconds)),
            Overview(previousTotals, firstResponses.Where(r => r.AskedAt < from).Select(r => r.Seconds), resolutions.Where(r => r.ResolvedAt < from).Select(r => r.Seconds)),
            AnalyticsCharts.Volume(volume, days),
            AnalyticsCharts.FirstResponsePerDay(current, days, filter),
            AnalyticsCharts.Heatmap(volume, days),
            AnalyticsCharts.Backlog(backlog, days, filter),
            AnalyticsCharts.Agents(agents, current, names),
            fresh);
    }

    public async Task<AnalyticsChoices> ChoicesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var channels = await db.Channels.AsNoTracking().OrderBy(c => c.Name).Select(c => new AnalyticsOption(c.Id.ToString(), c.Name)).ToListAsync(cancellationToken);
        var staff = await db.UserRoles.Join(db.Roles.Where(r => r.Name == Roles.Agent || r.Name == Roles.Admin), ur => ur.RoleId, r => r.Id, (ur, _) => ur.UserId)
            .Distinct().ToListAsync(cancellationToken);
        var agents = await db.Users.AsNoTracking().Where(u => staff.Contains(u.Id)).OrderBy(u => u.DisplayName)
            .Select(u => new AnalyticsOption(u.Id, u.DisplayName)).ToListAsync(cancellationToken);
        var labels = await db.Labels.AsNoTracking().OrderBy(l => l.Name).Select(l => new AnalyticsOption(l.Id.ToString(), l.Name)).ToListAsync(cancellationToken);
        return new AnalyticsChoices(channels, agents, labels);
    }

    private static async Task<Dictionary<string, string>> AgentNamesAsync(CommHubDbContext db, List<string> ids, CancellationToken token) =>
        await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, token);

    private static AnalyticsOverview Overview(AnalyticsHour t, IEnumerable<int> firstResponses, IEnumerable<int> resolutions) => new(
        t.Opened, t.Resolved, t.Reopened, t.Inbound, t.Outbound,
        Percentiles.Stat(firstResponses), Percentiles.Stat(resolutions),
        Share(t.ResolvedByRules, t.Resolved),
        Share(t.InboundRead, t.Inbound),
        Share(t.OutboundRead, t.Outbound),
        Share(t.InboundWithAttachments + t.OutboundWithAttachments, t.Inbound + t.Outbound));

    private static double? Share(int part, int whole) => whole == 0 ? null : Math.Min(1.0, (double)part / whole);
}
