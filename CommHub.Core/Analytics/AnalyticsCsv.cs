using CommHub.Core.Common;
using System.Globalization;
using System.Text;

namespace CommHub.Core.Analytics;

/// <summary>Each chart's table as CSV (RFC 4180, invariant culture, durations in seconds), the same rows the table view shows.</summary>
public static class AnalyticsCsv
{
    public static readonly IReadOnlyList<string> Charts = ["volume", "first-response", "heatmap", "backlog", "agents"];

    /// <summary>Null for a chart name that is not one of <see cref="Charts"/>.</summary>
    public static string? For(string chart, AnalyticsReport report, IReadOnlyDictionary<int, string> channelNames) => chart switch
    {
        "volume" => Write(["day", "channel", "in", "out"],
            report.Volume.Select(v => Row(v.Day, channelNames.GetValueOrDefault(v.ChannelId, $"#{v.ChannelId}"), v.In, v.Out))),
        "first-response" => Write(["day", "answered", "median_seconds", "p90_seconds"],
            report.FirstResponse.Select(d => Row(d.Day, d.FirstResponse.Count, d.FirstResponse.Median, d.FirstResponse.P90))),
        "heatmap" => Write(["weekday", "hour", "inbound"], report.Heatmap.Select(c => Row(c.Weekday, c.Hour, c.Inbound))),
        "backlog" => Write(["day", "open_at_end_of_day"], report.Backlog.Select(b => Row(b.Day, b.Open))),
        "agents" => Write(["agent", "assigned", "replied", "resolved", "median_first_response_seconds", "mean_reply_seconds"],
            report.Agents.Select(a => Row(a.Name, a.Assigned, a.Replied, a.Resolved, a.MedianFirstResponse, a.MeanReplySeconds))),
        _ => null,
    };

    private static string[] Row(params object?[] values) => values.Select(Format).ToArray();

    private static string Format(object? value) => value switch
    {
        null => "",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double x => Math.Round(x, 1, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Write(string[] header, IEnumerable<string[]> rows)
    {
        var text = new StringBuilder();
        foreach (var row in rows.Prepend(header)) text.Append(string.Join(',', row.Select(CsvField.Escape))).Append("\r\n");
        return text.ToString();
    }
}
