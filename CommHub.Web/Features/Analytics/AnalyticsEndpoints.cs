using CommHub.Core.Analytics;
using CommHub.Web.Features.Account;
using Microsoft.AspNetCore.Mvc;

namespace CommHub.Web.Features.Analytics;

public static class AnalyticsEndpoints
{
    /// <summary>A chart's table as a CSV download: the page's own filters in the query string, plus the viewer's zone (tz).</summary>
    public static IEndpointRouteBuilder MapAnalyticsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/analytics/export/{chart}.csv", async (
            string chart, [FromQuery] string? period, [FromQuery] string? from, [FromQuery] string? to, [FromQuery] int? channel,
            [FromQuery] string? agent, [FromQuery] int? label, [FromQuery] string? tz, AnalyticsService analytics, CancellationToken ct) =>
        {
            if (!AnalyticsCsv.Charts.Contains(chart)) return Results.NotFound();
            var filter = AnalyticsQuery.FilterFor(analytics, period, from, to, channel, agent, label, tz);
            var report = await analytics.ReportAsync(filter, ct);
            var channels = (await analytics.ChoicesAsync(ct)).Channels.ToDictionary(c => int.Parse(c.Value), c => c.Name);
            var csv = AnalyticsCsv.For(chart, report, channels)!;
            return Results.File(System.Text.Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", $"analytics-{chart}-{filter.From:yyyy-MM-dd}-{filter.To:yyyy-MM-dd}.csv");
        }).RequireAuthorization(Policies.Staff);
        return endpoints;
    }
}
