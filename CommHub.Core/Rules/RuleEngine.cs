using System.Collections.Concurrent;
using CommHub.Core.Channels;
using CommHub.Core.Conversations;
using CommHub.Core.Data;
using CommHub.Core.Outbox;
using CommHub.Core.Templates;
using CommHub.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommHub.Core.Rules;

/// <summary>
/// Runs the auto-response rules on one conversation. Every channel's ingest calls <see cref="RunAsync"/>
/// right after it stored the message; the idle sweep calls <see cref="RunIdleAsync"/>.
/// </summary>
public sealed partial class RuleEngine(
    IDbContextFactory<CommHubDbContext> dbFactory,
    ConversationNotifier notifier,
    AgentPresence presence,
    IOptions<RuleOptions> options,
    TimeProvider clock,
    IOutboxSignal outbox,
    Notifications.NotificationService notifications,
    ILogger<RuleEngine> logger)
{
    private const int IdleBatch = 200;

    // Per rule, not per user: where each round-robin rule is in its rotation. Lost on restart, which only
    // moves the rotation's starting point.
    private readonly ConcurrentDictionary<int, int> rotation = new();

    /// <summary>
    /// The entry point for every channel's ingest, called once the inbound message is stored: runs the new-conversation
    /// or inbound-message rules, and the reopened rules when this message reopened the conversation. They run once per
    /// message: the message's <see cref="Message.RulesDue"/> is cleared in the transaction that stores what they did, so a
    /// second call (the sweep, a redelivery, a race) does nothing. A failing rule is logged and never fails the ingest:
    /// the customer's message is already safe.
    /// </summary>
    public async Task OnInboundAsync(int conversationId, int messageId, bool newConversation, bool reopened, CancellationToken cancellationToken = default)
    {
        var trigger = newConversation ? RuleTrigger.NewConversation : RuleTrigger.InboundMessage;
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var rules = await db.Rules.Where(r => r.Enabled && (r.Trigger == trigger || (reopened && r.Trigger == RuleTrigger.ConversationReopened)))
                .OrderBy(r => r.Order).ThenBy(r => r.Id).ToListAsync(cancellationToken);
            // The reopened rules after the others, each trigger's "stop after match" within its own list.
            await RunAsync(db, conversationId, messageId, [rules.Where(r => r.Trigger == trigger).ToList(), rules.Where(r => r.Trigger != trigger).ToList()],
                claim: true, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Auto-response rules failed on conversation {ConversationId}, message {MessageId}.", conversationId, messageId);
            // Not left for the sweep: a rule that threw would throw again, every minute.
            await ClearDueAsync([messageId], CancellationToken.None);
        }
    }

    /// <summary>
    /// Runs the rules of customer messages that were stored but whose rules never ran, because the process stopped in
    /// between (the recurring rules sweep); returns how many messages it looked at.
    /// </summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken = default)
    {
        List<(int ConversationId, int Id, RulesDue Due)> due;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            due = (await db.Messages.Where(m => m.RulesDue != null).OrderBy(m => m.Id).Take(IdleBatch)
                .Select(m => new { m.ConversationId, m.Id, m.RulesDue }).ToListAsync(cancellationToken))
                .Select(m => (m.ConversationId, m.Id, m.RulesDue!.Value)).ToList();
        foreach (var (conversationId, id, kind) in due)
            await OnInboundAsync(conversationId, id, kind == RulesDue.NewConversation, kind == RulesDue.Reopened, cancellationToken);
        return due.Count;
    }

    private async Task ClearDueAsync(IReadOnlyList<int> messageIds, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await db.Messages.Where(m => messageIds.Contains(m.Id) && m.RulesDue != null)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.RulesDue, (RulesDue?)null), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Left due: the sweep tries them again.
            logger.LogWarning(ex, "Could not mark the rules of {Count} message(s) as done.", messageIds.Count);
        }
    }

    /// <summary>
    /// <see cref="OnInboundAsync(int, int, bool, bool, CancellationToken)"/> for a batch of stored messages (a Telegram page):
    /// which triggers have enabled rules is read once, so a trigger without rules costs nothing per message.
    /// </summary>
    public async Task OnInboundAsync(IReadOnlyList<InboundEvent> stored, CancellationToken cancellationToken = default)
    {
        if (stored.Count == 0) return;
        HashSet<RuleTrigger> active;
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            active = (await db.Rules.Where(r => r.Enabled).Select(r => r.Trigger).Distinct().ToListAsync(cancellationToken)).ToHashSet();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Auto-response rules could not be read for {Count} inbound messages.", stored.Count);
            return;
        }
        var run = stored.Where(e => active.Contains(e.NewConversation ? RuleTrigger.NewConversation : RuleTrigger.InboundMessage)
            || (e.Reopened && active.Contains(RuleTrigger.ConversationReopened))).ToList();
        // Messages no enabled rule is waiting for are done in one statement.
        if (run.Count < stored.Count) await ClearDueAsync(stored.Except(run).Select(e => e.MessageId).ToList(), cancellationToken);
        foreach (var e in run) await OnInboundAsync(e.ConversationId, e.MessageId, e.NewConversation, e.Reopened, cancellationToken);
    }

    /// <summary>Runs the enabled rules of <paramref name="trigger"/>; returns how many fired.</summary>
    /// <param name="messageId">The message that triggered them; messages from bots and auto-replies never do.</param>
    public async Task<int> RunAsync(int conversationId, int? messageId, RuleTrigger trigger, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rules = await db.Rules.Where(r => r.Trigger == trigger && r.Enabled).OrderBy(r => r.Order).ThenBy(r => r.Id).ToListAsync(cancellationToken);
        if (rules.Count == 0) return 0;
        return await RunAsync(db, conversationId, messageId, [rules], claim: false, cancellationToken);
    }

    /// <summary>
    /// Fires idle rules on New or Open conversations whose latest customer message has waited longer than the
    /// rule's interval without an agent reply. A hit after that message marks it done, so running twice fires once.
    /// </summary>
    public async Task<int> RunIdleAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        List<Rule> rules;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            rules = await db.Rules.Where(r => r.Trigger == RuleTrigger.ConversationIdle && r.Enabled && r.IdleMinutes > 0)
                .OrderBy(r => r.Order).ThenBy(r => r.Id).ToListAsync(cancellationToken);

        var fired = 0;
        foreach (var rule in rules)
        {
            var since = now.AddMinutes(-rule.IdleMinutes!.Value);
            List<(int ConversationId, int MessageId)> due;
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                var rows = await db.Conversations
                    .Where(c => c.Status == ConversationStatus.New || c.Status == ConversationStatus.Open)
                    .Select(c => new
                    {
                        c.Id,
                        // The customer's last message; a system line (a member joined) is no one's.
                        Last = c.Messages.Where(m => m.Direction == MessageDirection.Inbound && m.SenderKind != SenderKind.System)
                            .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
                            .Select(m => new { m.Id, m.CreatedAt }).FirstOrDefault(),
                    })
                    .Where(x => x.Last != null && x.Last.CreatedAt <= since)
                    .Where(x => !db.Messages.Any(m => m.ConversationId == x.Id && m.SenderKind == SenderKind.Agent && !m.IsPrivateNote && m.CreatedAt >= x.Last!.CreatedAt))
                    .Where(x => !db.RuleHits.Any(h => h.RuleId == rule.Id && h.ConversationId == x.Id && h.At >= x.Last!.CreatedAt))
                    .OrderBy(x => x.Id).Take(IdleBatch)
                    .ToListAsync(cancellationToken);
                due = rows.Select(x => (x.Id, x.Last!.Id)).ToList();
            }
            foreach (var (conversationId, messageId) in due)
            {
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                var fresh = await db.Rules.Where(r => r.Id == rule.Id && r.Enabled).ToListAsync(cancellationToken);
                fired += await RunAsync(db, conversationId, messageId, [fresh], claim: false, cancellationToken);
            }
        }
        return fired;
    }

    /// <param name="claim">
    /// Run only if the message still has its rules due, and mark them done in the same transaction (the inbound path).
    /// </param>
    private async Task<int> RunAsync(
        CommHubDbContext db, int conversationId, int? messageId, IReadOnlyList<List<Rule>> groups, bool claim, CancellationToken cancellationToken)
    {
        var (fired, messageAdded, assigned) = await db.InTransactionAsync(async token =>
        {
            if (claim && await db.Messages.Where(m => m.Id == messageId && m.RulesDue != null)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.RulesDue, (RulesDue?)null), token) == 0)
                return (0, false, (string?)null);
            var total = (Fired: 0, MessageAdded: false, Assigned: (string?)null);
            foreach (var rules in groups.Where(g => g.Count > 0))
            {
                var (count, added, assignee) = await ApplyAsync(db, conversationId, messageId, rules, token);
                total = (total.Fired + count, total.MessageAdded || added, assignee ?? total.Assigned);
            }
            return total;
        }, cancellationToken);
        if (fired == 0) return 0;
        if (assigned is not null) await notifications.AssignedAsync(conversationId, assigned, actingUserId: null, cancellationToken);
        // A rule's reply goes out now, like an agent's, not at the outbox's next sweep.
        if (messageAdded) outbox.Signal();
        logger.LogInformation("{Count} rule(s) fired on conversation {ConversationId}.", fired, conversationId);
        notifier.Publish(new LiveEvent(messageAdded ? LiveEventKind.MessageAdded : LiveEventKind.ConversationUpdated, conversationId));
        return fired;
    }

    /// <summary>The matching rules' actions, hits and messages, in the caller's transaction (read and built afresh on a retry).</summary>
    /// <returns>Also whom the rules assigned the conversation to, if they changed its assignee.</returns>
    private async Task<(int Fired, bool MessageAdded, string? Assigned)> ApplyAsync(
        CommHubDbContext db, int conversationId, int? messageId, List<Rule> rules, CancellationToken cancellationToken)
    {
        var conversation = await db.Conversations.Include(c => c.Channel).Include(c => c.Contact).Include(c => c.Labels)
            .SingleOrDefaultAsync(c => c.Id == conversationId, cancellationToken);
        if (conversation is null) return (0, false, null);
        var assigneeBefore = conversation.AssigneeId;
        Message? message = null;
        if (messageId is not null)
        {
            message = await db.Messages.AsNoTracking().SingleOrDefaultAsync(m => m.Id == messageId && m.ConversationId == conversationId, cancellationToken);
            if (message is null || !MayTrigger(message)) return (0, false, null);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var subject = new RuleSubject(
            message?.Text ?? "",
            conversation.ChannelId,
            conversation.Channel!.BusinessHours,
            await ContactLabelsAsync(db, conversation.ContactId, cancellationToken),
            message is not null && await db.Attachments.AnyAsync(a => a.MessageId == message.Id, cancellationToken),
            conversation.Status,
            conversation.Priority,
            now);

        var fired = new List<int>();
        var activity = new ConversationActivity();
        foreach (var rule in rules)
        {
            if (!RuleConditions.Matches(rule, subject, options.Value.RegexTimeout)) continue;
            if (await InCooldownAsync(db, rule, conversationId, now, cancellationToken)) continue;

            var taken = new List<string>();
            foreach (var action in rule.Actions)
            {
                taken.Add(await ApplyAsync(db, rule, action, conversation, activity, now, cancellationToken));
            }
            db.RuleHits.Add(new RuleHit
            {
                RuleId = rule.Id, ConversationId = conversationId, MessageId = messageId, At = now,
                ActionsTaken = Truncate(string.Join("; ", taken), 2000),
            });
            fired.Add(rule.Id);
            if (rule.StopAfterMatch) break;
        }
        if (fired.Count == 0) return (0, false, null);

        await db.SaveChangesAsync(cancellationToken);
        await activity.WriteAsync(db, now, cancellationToken);
        // Counted where they are stored: two conversations firing one rule at once both count.
        await db.Rules.Where(r => fired.Contains(r.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.HitCount, r => r.HitCount + 1).SetProperty(r => r.LastHitAt, now), cancellationToken);
        return (fired.Count, !activity.IsEmpty, conversation.AssigneeId != assigneeBefore ? conversation.AssigneeId : null);
    }

    /// <summary>Bots, auto-replies (auto-submitted email, out-of-office) and our own messages never trigger rules: that is how loops start.</summary>
    public static bool MayTrigger(Message message) =>
        message.Direction == MessageDirection.Inbound && !message.IsAutoGenerated && message.SenderKind is not (SenderKind.Bot or SenderKind.System);

    /// <summary>Labels on any of the contact's conversations: labels live on conversations, not contacts.</summary>
    internal static async Task<IReadOnlySet<string>> ContactLabelsAsync(CommHubDbContext db, int contactId, CancellationToken cancellationToken) =>
        (await db.Conversations.Where(c => c.ContactId == contactId).SelectMany(c => c.Labels).Select(l => l.Name).Distinct()
            .ToListAsync(cancellationToken)).ToHashSet(StringComparer.OrdinalIgnoreCase);

    private static Task<bool> InCooldownAsync(CommHubDbContext db, Rule rule, int conversationId, DateTime now, CancellationToken cancellationToken)
    {
        if (rule.CooldownMinutes <= 0) return Task.FromResult(false);
        var after = now.AddMinutes(-rule.CooldownMinutes);
        return db.RuleHits.AnyAsync(h => h.RuleId == rule.Id && h.ConversationId == conversationId && h.At > after, cancellationToken);
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}

/// <summary>A stored inbound message, as the rules need to know of it.</summary>
public sealed record InboundEvent(int ConversationId, int MessageId, bool NewConversation, bool Reopened);
