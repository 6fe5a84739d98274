using CommHub.Core.Analytics;
using CommHub.Web.Features.Analytics;

namespace CommHub.Tests.Web.Analytics;

public sealed class AnalyticsQueryTests
{
    [Fact]
    public void AQuery_RoundTripsThroughItsUrlParameters()
    {
        var query = new AnalyticsQuery(AnalyticsPeriod.Custom, new DateOnly(2026, 1, 5), new DateOnly(2026, 2, 4), 3, "agent-1", 7);

        var p = query.Parameters;
        var back = AnalyticsQuery.Parse((string?)p["period"], (string?)p["from"], (string?)p["to"], (int?)p["channel"], (string?)p["agent"], (int?)p["label"]);

        Assert.Equal(query, back);
        Assert.Equal("period=custom&from=2026-01-05&to=2026-02-04&channel=3&agent=agent-1&label=7&tz=Europe%2FBerlin", query.QueryString("Europe/Berlin"));
    }

    [Theory]
    [InlineData("yesterday", null, null, AnalyticsPeriod.Last30Days)]
    [InlineData("custom", "2026-01-05", null, AnalyticsPeriod.Last30Days)]
    [InlineData("custom", "05/01/2026", "2026-02-01", AnalyticsPeriod.Last30Days)]
    [InlineData("quarter", "2026-01-05", "2026-02-01", AnalyticsPeriod.Quarter)]
    public void AnUnreadableUrl_FallsBackToThirtyDays_RatherThanFailing(string period, string? from, string? to, AnalyticsPeriod expected)
    {
        var query = AnalyticsQuery.Parse(period, from, to, -1, " ", 0);

        Assert.Equal(new AnalyticsQuery(expected, null, null, null, null, null), query);
    }

    [Fact]
    public void TheDefaultView_HasAClean_Url()
    {
        Assert.All(AnalyticsQuery.Default.Parameters.Values, Assert.Null);
    }
}
