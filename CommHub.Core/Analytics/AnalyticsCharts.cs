using static CommHub.Core.Analytics.AnalyticsQueries;

namespace CommHub.Core.Analytics;

/// <summary>Turns the rollup rows into the page's series, in the viewer's days.</summary>
internal static class AnalyticsCharts
{
    public static List<DayVolume> Volume(List<HourVolume> hours, ZoneDays days) =>
        hours.GroupBy(h => (Day: days.DayOf(h.HourStart), h.ChannelId))
            .Select(g => new DayVolume(g.Key.Day, g.Key.ChannelId, g.Sum(h => h.In), g.Sum(h => h.Out)))
            .OrderBy(v => v.Day).ThenBy(v => v.ChannelId).ToList();

    public static List<DayFirstResponse> FirstResponsePerDay(List<FirstResponse> responses, ZoneDays days, AnalyticsFilter filter)
    {
        var byDay = responses.ToLookup(r => days.DayOf(r.AskedAt), r => r.Seconds);
        return EachDay(filter).Select(d => new DayFirstResponse(d, Percentiles.Stat(byDay[d]))).ToList();
    }

    public static List<HeatCell> Heatmap(List<HourVolume> hours, ZoneDays days)
    {
        var counts = new int[7, 24];
        foreach (var h in hours)
        {
            var local = days.Local(h.HourStart);
            counts[(int)local.DayOfWeek, local.Hour] += h.In;
        }
        var cells = new List<HeatCell>(7 * 24);
        for (var d = 0; d < 7; d++)
            for (var hour = 0; hour < 24; hour++) cells.Add(new HeatCell((DayOfWeek)d, hour, counts[d, hour]));
        return cells;
    }

    /// <summary>Open at the end of each day: open when the period began, plus cycles started since, minus those resolved since.</summary>
    public static List<DayBacklog> Backlog(BacklogInputs inputs, ZoneDays days, AnalyticsFilter filter)
    {
        var starts = inputs.Starts.Order().ToArray();
        var resolves = inputs.Resolves.Order().ToArray();
        return EachDay(filter).Select(d =>
        {
            var end = days.StartUtc(d.AddDays(1));
            return new DayBacklog(d, inputs.OpenAtStart + CountBefore(starts, end) - CountBefore(resolves, end));
        }).ToList();
    }

    public static List<AgentRow> Agents(List<AgentSums> sums, List<FirstResponse> responses, Dictionary<string, string> names)
    {
        var firsts = responses.Where(r => r.ResponderId is not null).ToLookup(r => r.ResponderId!, r => r.Seconds);
        return sums.Select(a => new AgentRow(
                a.AgentKey, names.GetValueOrDefault(a.AgentKey, "(removed user)"), a.Assigned, a.Replied, a.Resolved,
                Percentiles.Stat(firsts[a.AgentKey]).Median, a.Replies == 0 ? null : (double)a.ReplySeconds / a.Replies))
            .OrderByDescending(a => a.Replied).ThenBy(a => a.Name, StringComparer.CurrentCulture).ToList();
    }

    private static IEnumerable<DateOnly> EachDay(AnalyticsFilter filter) =>
        Enumerable.Range(0, filter.Days).Select(filter.From.AddDays);

    private static int CountBefore(DateTime[] sorted, DateTime end)
    {
        var index = Array.BinarySearch(sorted, end);
        if (index < 0) return ~index;
        while (index > 0 && sorted[index - 1] == end) index--;
        return index;
    }
}
