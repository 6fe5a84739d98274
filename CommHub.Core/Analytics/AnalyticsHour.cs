namespace CommHub.Core.Analytics;

/// <summary>
/// One UTC hour of one channel, one agent (<see cref="AgentKey"/>, "" for unassigned, <see cref="AllAgents"/> for the sum of
/// all, so the page without an agent filter reads one row per hour and channel) and one label (<see cref="LabelId"/>,
/// 0 for all conversations; a conversation with labels also adds to one row per label). The page groups hours into the
/// viewer's days, so it needs no per-zone table. Counts only grow; retention never touches them.
/// </summary>
public class AnalyticsHour
{
    public const string AllAgents = "*";

    public long Id { get; set; }
    public DateTime HourStart { get; set; }
    public int ChannelId { get; set; }
    public string AgentKey { get; set; } = "";
    public int LabelId { get; set; }

    public int Inbound { get; set; }
    public int InboundWithAttachments { get; set; }
    /// <summary>Staff replies: not private notes, not bots, rules or auto-replies.</summary>
    public int Outbound { get; set; }
    public int OutboundWithAttachments { get; set; }
    /// <summary>Bot, rule and auto-generated messages sent to the customer.</summary>
    public int Automated { get; set; }
    public int Opened { get; set; }
    public int Reopened { get; set; }
    public int Resolved { get; set; }
    public int ResolvedByRules { get; set; }
    public int Assigned { get; set; }
    public int InboundRead { get; set; }
    public int OutboundRead { get; set; }
    /// <summary>Staff replies that answered a waiting customer, and the seconds they waited (for the mean reply time).</summary>
    public int Replies { get; set; }
    public long ReplySeconds { get; set; }
}
