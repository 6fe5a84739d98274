using System.Globalization;
using CommHub.Core.Analytics;

namespace CommHub.Web.Features.Analytics;

/// <summary>The page's filters as they travel in its URL (so a view can be bookmarked and shared): period, from, to, channel, agent, label.</summary>
public sealed record AnalyticsQuery(AnalyticsPeriod Period, DateOnly? From, DateOnly? To, int? Channel, string? Agent, int? Label)
{
    public static readonly AnalyticsQuery Default = new(AnalyticsPeriod.Last30Days, null, null, null, null, null);

    public static readonly IReadOnlyList<(AnalyticsPeriod Period, string Value, string Name)> Periods =
    [
        (AnalyticsPeriod.Today, "today", "Today"),
        (AnalyticsPeriod.Last7Days, "7d", "7 days"),
        (AnalyticsPeriod.Last30Days, "30d", "30 days"),
        (AnalyticsPeriod.Quarter, "quarter", "Quarter (90 days)"),
        (AnalyticsPeriod.Custom, "custom", "Custom"),
    ];

    /// <summary>The report's filter from a request's query string (the CSV export, the API), in the viewer's zone <paramref name="tz"/>.</summary>
    public static AnalyticsFilter FilterFor(
        AnalyticsService analytics, string? period, string? from, string? to, int? channel, string? agent, int? label, string? tz) =>
        Parse(period, from, to, channel, agent, label).ToFilter(analytics, ZoneDays.For(tz ?? "UTC").Zone.Id);

    /// <summary>Reads the URL's values; anything unreadable falls back to the default rather than failing the page.</summary>
    public static AnalyticsQuery Parse(string? period, string? from, string? to, int? channel, string? agent, int? label)
    {
        var p = Periods.FirstOrDefault(x => x.Value == period).Value is null ? AnalyticsPeriod.Last30Days : Periods.First(x => x.Value == period).Period;
        var f = Date(from);
        var t = Date(to);
        if (p == AnalyticsPeriod.Custom && (f is null || t is null)) p = AnalyticsPeriod.Last30Days;
        return new AnalyticsQuery(p, p == AnalyticsPeriod.Custom ? f : null, p == AnalyticsPeriod.Custom ? t : null,
            channel is > 0 ? channel : null, string.IsNullOrWhiteSpace(agent) ? null : agent, label is > 0 ? label : null);
    }

    public string PeriodValue => Periods.First(x => x.Period == Period).Value;

    /// <summary>The URL parameters (null removes one), as NavigationManager.GetUriWithQueryParameters wants them.</summary>
    public IReadOnlyDictionary<string, object?> Parameters => new Dictionary<string, object?>
    {
        ["period"] = Period == AnalyticsPeriod.Last30Days ? null : PeriodValue,
        ["from"] = From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["to"] = To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["channel"] = Channel,
        ["agent"] = Agent,
        ["label"] = Label,
    };

    /// <summary>The same filters as a query string, with the viewer's zone (for the CSV link, which has no circuit).</summary>
    public string QueryString(string timeZoneId) =>
        string.Join('&', Parameters.Where(p => p.Value is not null).Select(p => $"{p.Key}={Uri.EscapeDataString(Convert.ToString(p.Value, CultureInfo.InvariantCulture)!)}")
            .Append($"tz={Uri.EscapeDataString(timeZoneId)}"));

    public AnalyticsFilter ToFilter(AnalyticsService service, string timeZoneId)
    {
        var (from, to) = service.Resolve(Period, timeZoneId, From, To);
        return new AnalyticsFilter(from, to, timeZoneId, Channel, Agent, Label);
    }

    private static DateOnly? Date(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}
