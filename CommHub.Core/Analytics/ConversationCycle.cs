namespace CommHub.Core.Analytics;

/// <summary>
/// One life of a conversation, from its first message (or the reopen) to its resolve; a reopened conversation gets a new
/// cycle and counts again. The source of the medians and percentiles and of the open backlog. No foreign key: it outlives
/// whatever retention deletes.
/// </summary>
public class ConversationCycle
{
    public long Id { get; set; }
    public int ConversationId { get; set; }
    public int Number { get; set; }
    public bool IsLatest { get; set; }
    public int ChannelId { get; set; }

    /// <summary>The assignee as the fold last saw it.</summary>
    public string? AgentId { get; set; }

    public DateTime StartedAt { get; set; }
    /// <summary>The first customer message of the cycle (the one that reopened it, for a reopened cycle).</summary>
    public DateTime? FirstInboundAt { get; set; }
    public DateTime? FirstResponseAt { get; set; }
    public int? FirstResponseSeconds { get; set; }
    public string? FirstResponderId { get; set; }
    public DateTime? ResolvedAt { get; set; }
    public int? ResolutionSeconds { get; set; }
    public bool ResolvedByRules { get; set; }
    public int HumanReplies { get; set; }

    /// <summary>The oldest customer message no staff reply has answered yet.</summary>
    public DateTime? AwaitingSince { get; set; }

    public bool IsOpen => ResolvedAt is null;
}

/// <summary>The single row that says how fresh the rollups are.</summary>
public class AnalyticsState
{
    public int Id { get; set; }
    public DateTime? LastFoldAt { get; set; }
    public long FoldedEvents { get; set; }
}
