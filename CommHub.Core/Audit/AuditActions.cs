namespace CommHub.Core.Audit;

/// <summary>The audit trail's action names; the audit page filters on them.</summary>
public static class AuditActions
{
    public const string RetentionRun = "retention.run";
    public const string RetentionChanged = "channel.retention-changed";
    public const string RetentionDefaultChanged = "retention.default-changed";
    public const string LegalHoldOn = "conversation.legal-hold-on";
    public const string LegalHoldOff = "conversation.legal-hold-off";
    public const string ContactExported = "contact.exported";
    public const string ContactErased = "contact.erased";
    public const string ContactMerged = "contact.merged";
    public const string RuleSaved = "rule.saved";
    public const string RuleDeleted = "rule.deleted";
    public const string TemplateSaved = "template.saved";
    public const string TemplateDeleted = "template.deleted";
    public const string ProjectCreated = "project.created";
    public const string ProjectChanged = "project.changed";
    public const string ProjectArchived = "project.archived";
    public const string ProjectRestored = "project.restored";
    public const string ProjectMemberAdded = "project.member-added";
    public const string ProjectMemberRemoved = "project.member-removed";
    public const string WebhookCreated = "webhook.created";
    public const string WebhookChanged = "webhook.changed";
    public const string WebhookEnabled = "webhook.enabled";
    public const string WebhookDisabled = "webhook.disabled";
    public const string WebhookDeleted = "webhook.deleted";
    public const string WebhookAutoDisabled = "webhook.auto-disabled";
}
