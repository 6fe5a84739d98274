using CommHub.Core.Audit;
using CommHub.Core.Channels;
using CommHub.Core.Common;
using CommHub.Core.Conversations;
using CommHub.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommHub.Core.Rules;

/// <summary>What admins do with rules: list, edit, delete, see hits, and try them on a sample without side effects.</summary>
public sealed class RuleService(IDbContextFactory<CommHubDbContext> dbFactory, IOptions<RuleOptions> options, AuditLog audit)
{
    public const int RecentHitsShown = 50;

    public async Task<IReadOnlyList<RuleListItem>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rules = await db.Rules.AsNoTracking().OrderBy(r => r.Order).ThenBy(r => r.Id).ToListAsync(cancellationToken);
        return rules.Select(r => new RuleListItem(
            r.Id, r.Name, r.Enabled, r.Order, r.Trigger, r.IdleMinutes, r.StopAfterMatch, r.Conditions.Count, r.Actions.Count, r.HitCount, r.LastHitAt)).ToList();
    }

    public async Task<RuleDraft?> GetAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var r = await db.Rules.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        return r is null ? null
            : new RuleDraft(r.Id, r.Name, r.Enabled, r.Order, r.StopAfterMatch, r.Trigger, r.IdleMinutes, r.MatchMode, r.Conditions, r.Actions, r.CooldownMinutes);
    }

    public async Task<RuleEditorChoices> ChoicesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return new RuleEditorChoices(
            await db.Channels.OrderBy(c => c.Name).Select(c => new NamedOption(c.Id, c.Name)).ToListAsync(cancellationToken),
            await db.Templates.Where(t => t.OwnerId == null).OrderBy(t => t.Name).Select(t => new NamedOption(t.Id, t.Name)).ToListAsync(cancellationToken),
            await Outbox.Outgoing.StaffAsync(db, cancellationToken),
            await db.Labels.OrderBy(l => l.Name).Select(l => l.Name).ToListAsync(cancellationToken));
    }

    /// <summary>Creates (Id 0) or updates a rule; every problem comes back as a sentence to fix in the editor.</summary>
    public async Task<OperationResult<int>> SaveAsync(RuleDraft draft, string? actingUserId = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var errors = await ValidateAsync(db, draft, cancellationToken);
        if (errors.Count > 0) return OperationResult<int>.Fail([.. errors]);

        var rule = draft.Id == 0 ? db.Rules.Add(new Rule()).Entity : await db.Rules.SingleOrDefaultAsync(r => r.Id == draft.Id, cancellationToken);
        if (rule is null) return OperationResult<int>.Fail("This rule was deleted by someone else; create it again.");
        rule.Name = draft.Name.Trim();
        rule.Enabled = draft.Enabled;
        rule.Order = draft.Order;
        rule.StopAfterMatch = draft.StopAfterMatch;
        rule.Trigger = draft.Trigger;
        rule.IdleMinutes = draft.Trigger == RuleTrigger.ConversationIdle ? draft.IdleMinutes : null;
        rule.MatchMode = draft.MatchMode;
        rule.Conditions = [.. draft.Conditions.Select(Clean)];
        rule.Actions = [.. draft.Actions];
        rule.CooldownMinutes = draft.CooldownMinutes;
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(actingUserId, AuditActions.RuleSaved, nameof(Rule), rule.Id, rule.Name, cancellationToken);
        return OperationResult<int>.Ok(rule.Id);
    }

    public async Task<OperationResult> DeleteAsync(int id, string? actingUserId = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var deleted = await db.Rules.Where(r => r.Id == id).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0) return OperationResult.Fail("This rule was already deleted.");
        await audit.RecordAsync(actingUserId, AuditActions.RuleDeleted, nameof(Rule), id, null, cancellationToken);
        return OperationResult.Ok;
    }

    public async Task<IReadOnlyList<RuleHitView>> RecentHitsAsync(int? ruleId = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.RuleHits.AsNoTracking()
            .Where(h => ruleId == null || h.RuleId == ruleId)
            .OrderByDescending(h => h.Id).Take(RecentHitsShown)
            .Join(db.Conversations, h => h.ConversationId, c => c.Id, (h, c) => new RuleHitView(h.Id, h.RuleId, h.Rule!.Name, h.ConversationId, c.Subject, h.At, h.ActionsTaken))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Which enabled rules of the sample's trigger would fire on a message like the sample, in order, and what they would
    /// do. Reads only: nothing is stored, sent or counted, and cooldowns are not consulted (there is no conversation).
    /// </summary>
    public async Task<IReadOnlyList<RuleTestResult>> TestAsync(RuleSample sample, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var channel = await db.Channels.AsNoTracking().SingleOrDefaultAsync(c => c.Id == sample.ChannelId, cancellationToken);
        var subject = new RuleSubject(
            sample.Text, sample.ChannelId, channel?.BusinessHours, new HashSet<string>(), sample.HasAttachment,
            ConversationStatus.New, ConversationPriority.Normal, sample.AtUtc);
        var rules = await db.Rules.AsNoTracking().Where(r => r.Trigger == sample.Trigger && r.Enabled)
            .OrderBy(r => r.Order).ThenBy(r => r.Id).ToListAsync(cancellationToken);
        var choices = await ChoicesAsync(cancellationToken);

        var results = new List<RuleTestResult>();
        var reached = true;
        foreach (var rule in rules)
        {
            var matched = reached && RuleConditions.Matches(rule, subject, options.Value.RegexTimeout);
            results.Add(new RuleTestResult(rule.Id, rule.Name, matched, reached, matched ? rule.Actions.Select(a => Describe(a, choices)).ToList() : []));
            if (matched && rule.StopAfterMatch) reached = false;
        }
        return results;
    }

    public static string Describe(RuleAction action, RuleEditorChoices choices) => action.Kind switch
    {
        RuleActionKind.ReplyWithTemplate => $"Reply with template \"{choices.SharedTemplates.FirstOrDefault(t => t.Id == action.TemplateId)?.Name ?? "(deleted)"}\"",
        RuleActionKind.AssignTo => $"Assign to {choices.Agents.FirstOrDefault(a => a.Id == action.UserId)?.Name ?? "(deleted agent)"}",
        RuleActionKind.AssignRoundRobin => "Assign round-robin among agents online",
        RuleActionKind.AddLabel => $"Add label \"{action.Label}\"",
        RuleActionKind.SetPriority => $"Set priority to {(ConversationPriority)(action.Value ?? 0)}",
        RuleActionKind.SetStatus => $"Set status to {(ConversationStatus)(action.Value ?? 0)}",
        RuleActionKind.AddPrivateNote => $"Add private note \"{action.Text}\"",
        _ => action.Kind.ToString(),
    };

    private async Task<List<string>> ValidateAsync(CommHubDbContext db, RuleDraft draft, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(draft.Name)) errors.Add("Give the rule a name.");
        else if (draft.Name.Trim().Length > 200) errors.Add("Keep the name to 200 characters or fewer.");
        if (draft.Trigger == RuleTrigger.ConversationIdle && draft.IdleMinutes is not (> 0 and <= 60 * 24 * 30))
            errors.Add("An idle rule needs a number of minutes between 1 and 43,200 (30 days).");
        if (draft.CooldownMinutes < 0) errors.Add("The cooldown cannot be negative; use 0 for none.");
        if (draft.Actions.Count == 0) errors.Add("Add at least one action: a rule that does nothing cannot be saved.");

        foreach (var (c, i) in draft.Conditions.Select((c, i) => (c, i + 1)))
        {
            switch (c.Kind)
            {
                case RuleConditionKind.TextContains when !c.Keywords.Any(k => !string.IsNullOrWhiteSpace(k)):
                    errors.Add($"Condition {i}: enter at least one keyword.");
                    break;
                case RuleConditionKind.TextMatchesRegex when RuleConditions.ValidatePattern(c.Pattern, options.Value.RegexTimeout) is { } error:
                    errors.Add($"Condition {i}: {error}");
                    break;
                case RuleConditionKind.ChannelIs when c.ChannelId is not { } channelId || !await db.Channels.AnyAsync(ch => ch.Id == channelId, cancellationToken):
                    errors.Add($"Condition {i}: choose a channel.");
                    break;
                case RuleConditionKind.ContactHasLabel when LabelRules.Normalize(c.Label) is null:
                    errors.Add($"Condition {i}: choose a label.");
                    break;
                case RuleConditionKind.StatusIs when c.Value is not { } s || !Enum.IsDefined((ConversationStatus)s):
                case RuleConditionKind.PriorityIs when c.Value is not { } p || !Enum.IsDefined((ConversationPriority)p):
                    errors.Add($"Condition {i}: choose a value.");
                    break;
            }
        }

        var staff = await Outbox.Outgoing.StaffAsync(db, cancellationToken);
        foreach (var (a, i) in draft.Actions.Select((a, i) => (a, i + 1)))
        {
            switch (a.Kind)
            {
                // Rule replies go to any agent's customers, so only shared templates (admins' own) may be used.
                case RuleActionKind.ReplyWithTemplate when a.TemplateId is not { } templateId
                    || !await db.Templates.AnyAsync(t => t.Id == templateId && t.OwnerId == null, cancellationToken):
                    errors.Add($"Action {i}: choose a shared template to reply with.");
                    break;
                case RuleActionKind.AssignTo when !staff.Any(s => s.Id == a.UserId):
                    errors.Add($"Action {i}: choose an agent to assign to.");
                    break;
                case RuleActionKind.AddLabel when LabelRules.Normalize(a.Label) is null:
                    errors.Add($"Action {i}: {LabelRules.Error}");
                    break;
                case RuleActionKind.SetPriority when a.Value is not { } p || !Enum.IsDefined((ConversationPriority)p):
                    errors.Add($"Action {i}: choose a priority.");
                    break;
                case RuleActionKind.SetStatus when a.Value is not { } s || !Enum.IsDefined((ConversationStatus)s) || (ConversationStatus)s == ConversationStatus.Snoozed:
                    errors.Add($"Action {i}: choose a status other than Snoozed (snoozing needs a time).");
                    break;
                case RuleActionKind.AddPrivateNote when string.IsNullOrWhiteSpace(a.Text):
                    errors.Add($"Action {i}: write the note's text.");
                    break;
            }
        }
        return errors;
    }

    private static RuleCondition Clean(RuleCondition c) => c with
    {
        Keywords = c.Keywords.Select(k => k.Trim()).Where(k => k.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
        Label = LabelRules.Normalize(c.Label),
    };
}
