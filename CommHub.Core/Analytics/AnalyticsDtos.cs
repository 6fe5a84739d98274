namespace CommHub.Core.Analytics;

public enum AnalyticsPeriod
{
    Today = 0,
    Last7Days = 1,
    Last30Days = 2,
    Quarter = 3,
    Custom = 4,
}

/// <summary>What the page asks for: whole days <paramref name="From"/> to <paramref name="To"/> (inclusive) in the viewer's zone.</summary>
public sealed record AnalyticsFilter(
    DateOnly From, DateOnly To, string TimeZoneId = "UTC", int? ChannelId = null, string? AgentId = null, int? LabelId = null)
{
    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>The same number of days just before.</summary>
    public AnalyticsFilter Previous => this with { From = From.AddDays(-Days), To = From.AddDays(-1) };
}

/// <summary>Seconds: how many, the median and the 90th percentile (null when there are none).</summary>
public sealed record DurationStat(int Count, double? Median, double? P90);

public sealed record AnalyticsOverview(
    int Opened, int Resolved, int Reopened, int MessagesIn, int MessagesOut,
    DurationStat FirstResponse, DurationStat Resolution,
    double? ResolvedByRulesShare, double? ReadByStaffRate, double? ReadByCustomerRate, double? AttachmentRate);

public sealed record DayVolume(DateOnly Day, int ChannelId, int In, int Out);

public sealed record DayFirstResponse(DateOnly Day, DurationStat FirstResponse);

/// <summary>Inbound messages in one hour of one weekday, in the viewer's zone.</summary>
public sealed record HeatCell(DayOfWeek Weekday, int Hour, int Inbound);

/// <summary>Conversations still open at the end of the day.</summary>
public sealed record DayBacklog(DateOnly Day, int Open);

public sealed record AgentRow(
    string AgentId, string Name, int Assigned, int Replied, int Resolved, double? MedianFirstResponse, double? MeanReplySeconds);

public sealed record AnalyticsOption(string Value, string Name);

public sealed record AnalyticsReport(
    AnalyticsFilter Filter,
    AnalyticsOverview Current,
    AnalyticsOverview Previous,
    IReadOnlyList<DayVolume> Volume,
    IReadOnlyList<DayFirstResponse> FirstResponse,
    IReadOnlyList<HeatCell> Heatmap,
    IReadOnlyList<DayBacklog> Backlog,
    IReadOnlyList<AgentRow> Agents,
    DateTime? FreshAt)
{
    public bool IsEmpty => Current.Opened + Current.MessagesIn + Current.MessagesOut + Current.Resolved == 0 && Backlog.All(b => b.Open == 0);
}

/// <summary>What the filters offer.</summary>
public sealed record AnalyticsChoices(IReadOnlyList<AnalyticsOption> Channels, IReadOnlyList<AnalyticsOption> Agents, IReadOnlyList<AnalyticsOption> Labels);
