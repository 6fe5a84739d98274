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
            var zone = ZoneDays.For(tz ?? "UTC").Zone.Id;
            var filter = AnalyticsQuery.Parse(period, from, to, channel, agent, label).ToFilter(analytics, zone);
            return Results.Ok(await analytics.ReportAsync(filter, ct));
        }).WithTags("Statistics").RequireAuthorization(ApiPolicies.Read)
            .WithSummary("The analytics overview: volumes, response and resolution times, backlog (period=7d|30d|90d or from/to)");
        return api;
    }
}
