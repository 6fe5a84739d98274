using Bunit;
using CommHub.Core.Analytics;
using CommHub.Tests.TestSupport;
using CommHub.Web.Features.Analytics;
using Microsoft.AspNetCore.Components;

namespace CommHub.Tests.Web.Analytics;

public sealed class AnalyticsComponentTests : ComponentTestBase
{
    [Fact]
    public void ChartCard_SwitchesBetweenChartAndTable_AndLinksItsCsv()
    {
        RenderFragment chart = b => b.AddMarkupContent(0, "<svg data-testid=\"the-chart\"></svg>");
        RenderFragment table = b => b.AddMarkupContent(0, "<table><tr><td>Mon 9 Mar</td><td>4</td></tr></table>");
        var card = Render<ChartCard>(p => p
            .Add(c => c.Title, "Open at the end of each day").Add(c => c.Name, "backlog").Add(c => c.CsvUrl, "/analytics/export/backlog.csv?tz=UTC")
            .Add(c => c.ChartContent, chart).Add(c => c.TableContent, table));

        Assert.NotNull(card.Find("[data-testid=the-chart]"));
        Assert.Empty(card.FindAll("[data-testid=chart-table]"));
        Assert.Equal("/analytics/export/backlog.csv?tz=UTC", card.Find("[data-testid=download-csv]").GetAttribute("href"));
        Assert.True(card.Find("[data-testid=download-csv]").HasAttribute("download"));

        card.Find("[data-testid=toggle-table]").Click();

        Assert.Empty(card.FindAll("[data-testid=the-chart]"));
        Assert.Equal(["Mon 9 Mar", "4"], card.FindAll("[data-testid=chart-table] td").Select(td => td.TextContent));
        Assert.Equal("true", card.Find("[data-testid=toggle-table]").GetAttribute("aria-pressed"));
    }

    [Fact]
    public void OverviewCards_ShowTheFigures_AndTheChangeAgainstThePreviousPeriod()
    {
        var none = new DurationStat(0, null, null);
        AnalyticsOverview Overview(int opened, double? frt) =>
            new(opened, 0, 0, 0, 0, new DurationStat(1, frt, frt), none, null, null, null, null);
        var report = new AnalyticsReport(new AnalyticsFilter(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 7)),
            Overview(12, 90), Overview(10, 600), [], [], [], [], [], null);

        var cards = Render<OverviewCards>(p => p.Add(c => c.Report, report));

        Assert.Equal("12", cards.Find("[data-testid=card-opened] [data-testid=card-value]").TextContent);
        Assert.Contains("+20 %", cards.Find("[data-testid=card-opened] [data-testid=card-previous]").TextContent);
        Assert.Equal("1m 30s", cards.Find("[data-testid=card-frt] [data-testid=card-value]").TextContent);
        Assert.Contains("−85 %", cards.Find("[data-testid=card-frt] [data-testid=card-previous]").TextContent);
        Assert.Equal("—", cards.Find("[data-testid=card-resolution] [data-testid=card-value]").TextContent);
    }
}
