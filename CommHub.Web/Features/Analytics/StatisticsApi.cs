using CommHub.Core.Analytics;
using CommHub.Web.Features.Api;
using Microsoft.AspNetCore.Mvc;

namespace CommHub.Web.Features.Analytics;

/// <summary><c>/api/v1/statistics</c>: the analytics page's report, with the page's own filters.</summary>
public static class StatisticsApi
{
    public static RouteGroupBuilder MapStatisticsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/statistics", async (
            [FromQuery] string? period, [FromQuery] string? from, [FromQuery] string? to, [FromQuery] int? channel,
            [FromQuery] string? agent, [FromQuery] int? label, [FromQuery] string? tz, AnalyticsService analytics, CancellationToken ct) =>
        {
            var filter = AnalyticsQuery.FilterFor(analytics, period, from, to, channel, agent, label, tz);
            var report = await analytics.ReportAsync(filter, ct);
            // The filter's Previous is computed (and endless); the period is said once, as from/to.
            return Results.Ok(new Statistics(report.Filter.From, report.Filter.To, report.Filter.TimeZoneId, report.Current, report.Previous,
                report.Volume, report.FirstResponse, report.Heatmap, report.Backlog, report.Agents, report.FreshAt));
        }).WithTags("Statistics").RequireAuthorization(ApiPolicies.Read)
            .WithSummary("The analytics overview: volumes, response and resolution times, backlog (period=today|7d|30d|quarter, or period=custom with from and to)");
        return api;
    }
}

/// <summary>The analytics report as the API returns it: the period, this period's and the previous one's overview, and the charts' rows.</summary>
public sealed record Statistics(
    DateOnly From, DateOnly To, string TimeZone, AnalyticsOverview Current, AnalyticsOverview Previous,
    IReadOnlyList<DayVolume> Volume, IReadOnlyList<DayFirstResponse> FirstResponse, IReadOnlyList<HeatCell> Heatmap,
    IReadOnlyList<DayBacklog> Backlog, IReadOnlyList<AgentRow> Agents, DateTime? FreshAt);
