using CommHub.Core.Common;
using CommHub.Core.Conversations;

namespace CommHub.Core.Rules;

/// <summary>A rule as the rules page lists it.</summary>
public sealed record RuleListItem(
    int Id, string Name, bool Enabled, int Order, RuleTrigger Trigger, int? IdleMinutes, bool StopAfterMatch,
    int ConditionCount, int ActionCount, int HitCount, DateTime? LastHitAt);

/// <summary>Everything the rule editor edits; Id 0 for a new rule.</summary>
public sealed record RuleDraft(
    int Id,
    string Name,
    bool Enabled,
    int Order,
    bool StopAfterMatch,
    RuleTrigger Trigger,
    int? IdleMinutes,
    RuleMatchMode MatchMode,
    IReadOnlyList<RuleCondition> Conditions,
    IReadOnlyList<RuleAction> Actions,
    int CooldownMinutes);

public sealed record RuleHitView(long Id, int RuleId, string RuleName, int ConversationId, string ConversationSubject, DateTime At, string ActionsTaken);

/// <summary>A sample for "Test a rule": nothing is stored and nothing is sent.</summary>
public sealed record RuleSample(string Text, int ChannelId, DateTime AtUtc, RuleTrigger Trigger = RuleTrigger.NewConversation, bool HasAttachment = false);

/// <summary>What one rule would do with the sample. <see cref="Reached"/> is false after an earlier stop-after-match.</summary>
public sealed record RuleTestResult(int RuleId, string Name, bool Matched, bool Reached, IReadOnlyList<string> WouldDo);

/// <summary>Choices the rule editor offers.</summary>
public sealed record RuleEditorChoices(
    IReadOnlyList<NamedOption> Channels,
    IReadOnlyList<NamedOption> SharedTemplates,
    IReadOnlyList<AgentOption> Agents,
    IReadOnlyList<string> Labels);
