using CommHub.Core.Analytics;

namespace CommHub.Tests.Web.Analytics;

public sealed class AnalyticsCsvTests
{
    private static readonly DurationStat None = new(0, null, null);

    private static AnalyticsReport Report() => new(
        new AnalyticsFilter(new DateOnly(2026, 3, 9), new DateOnly(2026, 3, 10)),
        Empty(), Empty(),
        [new DayVolume(new DateOnly(2026, 3, 9), 1, 5, 3), new DayVolume(new DateOnly(2026, 3, 10), 2, 1, 0)],
        [new DayFirstResponse(new DateOnly(2026, 3, 9), new DurationStat(2, 900, 1140)), new DayFirstResponse(new DateOnly(2026, 3, 10), None)],
        [new HeatCell(DayOfWeek.Monday, 9, 4)],
        [new DayBacklog(new DateOnly(2026, 3, 9), 2)],
        [new AgentRow("a", "=HYPERLINK(\"x\")", 1, 2, 3, 90.25, null), new AgentRow("b", "Lee, Sam", 0, 0, 0, null, 30)],
        null);

    private static AnalyticsOverview Empty() => new(0, 0, 0, 0, 0, None, None, null, null, null, null);

    [Fact]
    public void Volume_IsOneRowPerDayAndChannel_WithChannelNames()
    {
        var csv = AnalyticsCsv.For("volume", Report(), new Dictionary<int, string> { [1] = "Customer portal" });

        Assert.Equal("day,channel,in,out\r\n2026-03-09,Customer portal,5,3\r\n2026-03-10,#2,1,0\r\n", csv);
    }

    [Fact]
    public void FirstResponse_GivesSeconds_AndLeavesDaysWithoutAnswersEmpty()
    {
        Assert.Equal("day,answered,median_seconds,p90_seconds\r\n2026-03-09,2,900,1140\r\n2026-03-10,0,,\r\n",
            AnalyticsCsv.For("first-response", Report(), new Dictionary<int, string>()));
    }

    [Fact]
    public void Agents_AreQuoted_AndANameThatLooksLikeAFormulaIsDefused()
    {
        var csv = AnalyticsCsv.For("agents", Report(), new Dictionary<int, string>())!;

        Assert.Equal(
            "agent,assigned,replied,resolved,median_first_response_seconds,mean_reply_seconds\r\n"
            + "\"'=HYPERLINK(\"\"x\"\")\",1,2,3,90.3,\r\n"
            + "\"Lee, Sam\",0,0,0,,30\r\n", csv);
    }

    [Fact]
    public void AnUnknownChart_HasNoCsv() => Assert.Null(AnalyticsCsv.For("nope", Report(), new Dictionary<int, string>()));
}
