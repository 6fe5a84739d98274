using CommHub.Core.Common;

namespace CommHub.Core.Rules;

public enum RuleTrigger
{
    NewConversation = 0,
    InboundMessage = 1,
    /// <summary>No agent reply for <see cref="Rule.IdleMinutes"/> minutes.</summary>
    ConversationIdle = 2,
    ConversationReopened = 3,
}

public enum RuleMatchMode
{
    All = 0,
    Any = 1,
}

public enum RuleConditionKind
{
    TextContains = 0,
    TextMatchesRegex = 1,
    ChannelIs = 2,
    ContactHasLabel = 3,
    HasAttachment = 4,
    StatusIs = 5,
    PriorityIs = 6,
    OutsideBusinessHours = 7,
}

public enum RuleActionKind
{
    ReplyWithTemplate = 0,
    AssignTo = 1,
    AssignRoundRobin = 2,
    AddLabel = 3,
    SetPriority = 4,
    SetStatus = 5,
    AddPrivateNote = 6,
}

/// <summary>One condition; which fields matter depends on <see cref="Kind"/>.</summary>
public sealed record RuleCondition
{
    public RuleConditionKind Kind { get; init; }
    public IReadOnlyList<string> Keywords { get; init; } = [];
    public bool AllKeywords { get; init; }
    public bool WholeWord { get; init; }
    public string? Pattern { get; init; }
    public int? ChannelId { get; init; }
    public string? Label { get; init; }
    public int? Value { get; init; }
}

/// <summary>One action; which fields matter depends on <see cref="Kind"/>.</summary>
public sealed record RuleAction
{
    public RuleActionKind Kind { get; init; }
    public int? TemplateId { get; init; }
    public string? UserId { get; init; }
    public string? Label { get; init; }
    public int? Value { get; init; }
    public string? Text { get; init; }
}

public class Rule : IAuditable
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public bool Enabled { get; set; } = true;

    /// <summary>Rules run in ascending order.</summary>
    public int Order { get; set; }

    public bool StopAfterMatch { get; set; }
    public RuleTrigger Trigger { get; set; }
    public int? IdleMinutes { get; set; }
    public RuleMatchMode MatchMode { get; set; }
    public List<RuleCondition> Conditions { get; set; } = [];
    public List<RuleAction> Actions { get; set; } = [];

    /// <summary>At most one auto-reply per conversation by this rule within this many minutes.</summary>
    public int CooldownMinutes { get; set; } = 60;

    public int HitCount { get; set; }
    public DateTime? LastHitAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>A record of one rule firing on one conversation.</summary>
public class RuleHit
{
    public long Id { get; set; }
    public int RuleId { get; set; }
    public Rule? Rule { get; set; }
    public int ConversationId { get; set; }
    public int? MessageId { get; set; }
    public DateTime At { get; set; }
    public string ActionsTaken { get; set; } = "";
}
