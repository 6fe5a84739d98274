using CommHub.Core.Rules;

namespace CommHub.Web.Features.Rules;

/// <summary>A condition as the editor's fields hold it; the records in Core are immutable.</summary>
public sealed class ConditionEdit
{
    public RuleConditionKind Kind { get; set; }
    public string Keywords { get; set; } = "";
    public bool AllKeywords { get; set; }
    public bool WholeWord { get; set; }
    public string? Pattern { get; set; }
    public int? ChannelId { get; set; }
    public string? Label { get; set; }
    public int? Value { get; set; }

    public static ConditionEdit From(RuleCondition c) => new()
    {
        Kind = c.Kind, Keywords = string.Join(", ", c.Keywords), AllKeywords = c.AllKeywords, WholeWord = c.WholeWord,
        Pattern = c.Pattern, ChannelId = c.ChannelId, Label = c.Label, Value = c.Value,
    };

    public RuleCondition ToCondition() => new()
    {
        Kind = Kind,
        Keywords = Kind == RuleConditionKind.TextContains ? Keywords.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [],
        AllKeywords = AllKeywords,
        WholeWord = WholeWord,
        Pattern = Kind == RuleConditionKind.TextMatchesRegex ? Pattern : null,
        ChannelId = Kind == RuleConditionKind.ChannelIs ? ChannelId : null,
        Label = Kind == RuleConditionKind.ContactHasLabel ? Label : null,
        Value = Kind is RuleConditionKind.StatusIs or RuleConditionKind.PriorityIs ? Value : null,
    };

    public static string Title(RuleConditionKind kind) => kind switch
    {
        RuleConditionKind.TextContains => "Text contains keywords",
        RuleConditionKind.TextMatchesRegex => "Text matches a regular expression",
        RuleConditionKind.ChannelIs => "Channel is",
        RuleConditionKind.ContactHasLabel => "Contact has label",
        RuleConditionKind.HasAttachment => "Message has an attachment",
        RuleConditionKind.StatusIs => "Conversation status is",
        RuleConditionKind.PriorityIs => "Conversation priority is",
        RuleConditionKind.OutsideBusinessHours => "Outside the channel's business hours",
        _ => kind.ToString(),
    };
}

public sealed class ActionEdit
{
    public RuleActionKind Kind { get; set; }
    public int? TemplateId { get; set; }
    public string? UserId { get; set; }
    public string? Label { get; set; }
    public int? Value { get; set; }
    public string? Text { get; set; }

    public static ActionEdit From(RuleAction a) => new() { Kind = a.Kind, TemplateId = a.TemplateId, UserId = a.UserId, Label = a.Label, Value = a.Value, Text = a.Text };

    public RuleAction ToAction() => new()
    {
        Kind = Kind,
        TemplateId = Kind == RuleActionKind.ReplyWithTemplate ? TemplateId : null,
        UserId = Kind == RuleActionKind.AssignTo ? UserId : null,
        Label = Kind == RuleActionKind.AddLabel ? Label : null,
        Value = Kind is RuleActionKind.SetPriority or RuleActionKind.SetStatus ? Value : null,
        Text = Kind == RuleActionKind.AddPrivateNote ? Text : null,
    };

    public static string Title(RuleActionKind kind) => kind switch
    {
        RuleActionKind.ReplyWithTemplate => "Reply with a template",
        RuleActionKind.AssignTo => "Assign to an agent",
        RuleActionKind.AssignRoundRobin => "Assign round-robin (agents online)",
        RuleActionKind.AddLabel => "Add a label",
        RuleActionKind.SetPriority => "Set priority",
        RuleActionKind.SetStatus => "Set status",
        RuleActionKind.AddPrivateNote => "Add a private note",
        _ => kind.ToString(),
    };
}

public static class TriggerText
{
    public static string Title(RuleTrigger trigger) => trigger switch
    {
        RuleTrigger.NewConversation => "New conversation",
        RuleTrigger.InboundMessage => "Any customer message",
        RuleTrigger.ConversationIdle => "Idle without an agent reply",
        RuleTrigger.ConversationReopened => "Conversation reopened",
        _ => trigger.ToString(),
    };
}
