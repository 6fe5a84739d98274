using System.Globalization;
using CommHub.Core.Audit;
using CommHub.Core.Channels;
using CommHub.Core.Conversations;
using CommHub.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommHub.Core.Webhooks;

/// <summary>
/// Drains the webhook queue, as the outbox job drains the outbox: turns new events into one delivery per matching
/// subscription (in one transaction that also deletes the events), then sends what is due. At least once; in order per
/// conversation and subscription (a later delivery waits while an earlier one is retried); exponential backoff with
/// jitter for up to <see cref="WebhookOptions.GiveUpAfter"/>; 410 Gone, or too many failures in a row, disables the
/// subscription with an audit entry.
/// </summary>
public sealed class WebhookDispatcher(
    IDbContextFactory<CommHubDbContext> dbFactory, IWebhookTransport transport, ISecretProtector protector, AuditLog audit,
    WebhookState state, IOptions<WebhookOptions> options, TimeProvider clock, ILogger<WebhookDispatcher> logger)
{
    private const int EventBatch = 200;
    private const int DeliveryBatch = 1000;
    private const int Parallelism = 16;

    // One run at a time in this process (the job, a signal and a sweep may start together); order per conversation needs it.
    private readonly SemaphoreSlim gate = new(1, 1);

    /// <summary>One run: fans out every new event, then sends until nothing is due; returns the deliveries attempted.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            state.Started();
            while (await FanOutAsync(cancellationToken) == EventBatch)
            {
            }
            var attempted = 0;
            while (await SendDueAsync(cancellationToken) is > 0 and var sent) attempted += sent;
            await PruneLogAsync(cancellationToken);
            return attempted;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Deletes finished deliveries older than <see cref="WebhookOptions.KeepLogFor"/>, a batch a run, so the log stays bounded.</summary>
    private async Task PruneLogAsync(CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow().UtcDateTime - options.Value.KeepLogFor;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var old = db.WebhookDeliveries.Where(d => d.State != WebhookDeliveryState.Pending && d.NextAttemptAt < before).OrderBy(d => d.Id).Select(d => d.Id).Take(DeliveryBatch);
        await db.WebhookDeliveries.Where(d => old.Contains(d.Id)).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Turns up to one batch of events into deliveries; returns how many events it took.</summary>
    public async Task<int> FanOutAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var subscriptions = await db.WebhookSubscriptions.AsNoTracking().Where(s => s.Enabled).ToListAsync(cancellationToken);
        state.SetAnyEnabled(subscriptions.Count > 0);
        return await db.InTransactionAsync(async token =>
        {
            var events = await db.WebhookEvents.AsNoTracking().OrderBy(e => e.Id).Take(EventBatch)
                .Select(e => new
                {
                    e.Id, e.Type, e.MessageId, e.At,
                    ConversationId = e.Message != null ? e.Message.ConversationId : e.ConversationId,
                    ContactId = e.Message != null ? e.Message.Conversation!.ContactId : e.ContactId,
                    Private = e.Message != null && e.Message.IsPrivateNote,
                    Direction = e.Message != null ? e.Message.Direction : (MessageDirection?)null,
                })
                .ToListAsync(token);
            if (events.Count == 0) return 0;
            foreach (var e in events)
            {
                var matching = subscriptions.Select(s => (s, type: TypeFor(s, e.Type, e.Direction)))
                    .Where(m => m.type is not null && (!e.Private || m.s.IncludePrivateNotes)).ToList();
                if (matching.Count == 0) continue;
                var data = e.Type switch
                {
                    WebhookEventTypes.ContactCreated => await WebhookPayloads.ContactAsync(db, e.ContactId ?? 0, token),
                    WebhookEventTypes.ConversationCreated or WebhookEventTypes.ConversationUpdated or WebhookEventTypes.ConversationStatusChanged
                        => await WebhookPayloads.ConversationAsync(db, e.ConversationId, token),
                    // The customer read the replies (a set-based update): no single message, the conversation says which.
                    WebhookEventTypes.MessageDeliveryStatus when e.MessageId is null => new { conversationId = e.ConversationId, deliveryStatus = DeliveryStatus.Read, readAt = e.At },
                    _ => await WebhookPayloads.MessageAsync(db, e.MessageId ?? 0, token),
                };
                if (data is null) continue; // deleted since (retention, erasure)
                foreach (var (subscription, type) in matching)
                    db.WebhookDeliveries.Add(WebhookPayloads.Delivery(subscription.Id, type!, e.ConversationId, data, e.At));
            }
            var ids = events.Select(e => e.Id).ToList();
            await db.WebhookEvents.Where(e => ids.Contains(e.Id)).ExecuteDeleteAsync(token);
            await db.SaveChangesAsync(token);
            return events.Count;
        }, cancellationToken);
    }

    /// <summary>The type this subscription gets the event as, or null when it did not choose it.</summary>
    private static string? TypeFor(WebhookSubscription subscription, string type, MessageDirection? direction)
    {
        if (subscription.Wants(type)) return type;
        if (type != WebhookEventTypes.MessageCreated) return null;
        var specific = direction == MessageDirection.Inbound ? WebhookEventTypes.MessageInbound : WebhookEventTypes.MessageOutbound;
        return subscription.Wants(specific) ? specific : null;
    }

    /// <summary>Sends the first due delivery of each conversation (per subscription); returns how many it attempted.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        List<WebhookDelivery> heads;
        Dictionary<int, WebhookSubscription> subscriptions;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            subscriptions = await db.WebhookSubscriptions.AsNoTracking().Where(s => s.Enabled).ToDictionaryAsync(s => s.Id, cancellationToken);
            var pending = await db.WebhookDeliveries.AsNoTracking().Where(d => d.State == WebhookDeliveryState.Pending)
                .OrderBy(d => d.Id).Take(DeliveryBatch).ToListAsync(cancellationToken);
            // The oldest pending delivery of each (subscription, conversation) goes first; the rest wait for it.
            heads = pending.Where(d => subscriptions.ContainsKey(d.SubscriptionId))
                .GroupBy(d => d.ConversationId == 0 ? $"d{d.Id}" : $"{d.SubscriptionId}:{d.ConversationId}")
                .Select(g => g.First()).Where(d => d.NextAttemptAt <= now).ToList();
        }
        if (heads.Count == 0) return 0;
        var secrets = subscriptions.Values.ToDictionary(s => s.Id, s => protector.Unprotect(s.ProtectedSecret));
        var outcomes = new System.Collections.Concurrent.ConcurrentBag<(WebhookDelivery Delivery, WebhookAttempt Attempt)>();
        await Parallel.ForEachAsync(heads, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (delivery, token) =>
            {
                try
                {
                    outcomes.Add((delivery, await SendOneAsync(delivery, subscriptions[delivery.SubscriptionId], secrets[delivery.SubscriptionId], token)));
                }
                catch (Exception ex) when (!token.IsCancellationRequested)
                {
                    logger.LogError(ex, "Webhook delivery {Delivery} could not be sent; the others go on.", delivery.Id);
                }
            });
        await RecordAsync([.. outcomes], subscriptions, cancellationToken);
        return heads.Count;
    }

    private async Task<WebhookAttempt> SendOneAsync(WebhookDelivery delivery, WebhookSubscription subscription, string secret, CancellationToken cancellationToken)
    {
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        var headers = new Dictionary<string, string>
        {
            ["webhook-id"] = delivery.MessageId,
            ["webhook-timestamp"] = timestamp.ToString(CultureInfo.InvariantCulture),
            ["webhook-signature"] = WebhookSignature.Sign(secret, delivery.MessageId, timestamp, delivery.Body),
        };
        return await transport.PostAsync(subscription.Url, headers, delivery.Body, cancellationToken);
    }

    /// <summary>
    /// Records a round's answers in one transaction (one commit, not one per delivery), then disables the subscriptions
    /// that answered 410 or have now failed too often. A crash before the commit only means those are sent again.
    /// </summary>
    private async Task RecordAsync(
        IReadOnlyList<(WebhookDelivery Delivery, WebhookAttempt Attempt)> outcomes, Dictionary<int, WebhookSubscription> subscriptions, CancellationToken cancellationToken)
    {
        if (outcomes.Count == 0) return;
        var now = clock.GetUtcNow().UtcDateTime;
        var o = options.Value;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.InTransactionAsync(async token =>
        {
            foreach (var (delivery, attempt) in outcomes)
            {
                var attempts = delivery.Attempts + 1;
                var giveUp = !attempt.Succeeded && (attempt.StatusCode == 410 || now - delivery.CreatedAt >= o.GiveUpAfter);
                var state = attempt.Succeeded ? WebhookDeliveryState.Delivered : giveUp ? WebhookDeliveryState.Failed : WebhookDeliveryState.Pending;
                var next = attempt.Succeeded || giveUp ? now : now + Backoff(attempts, o);
                var response = attempt.Response.Length > WebhookService.LoggedResponseLength ? attempt.Response[..WebhookService.LoggedResponseLength] : attempt.Response;
                await db.WebhookDeliveries.Where(d => d.Id == delivery.Id).ExecuteUpdateAsync(s => s
                    .SetProperty(d => d.State, state).SetProperty(d => d.Attempts, attempts).SetProperty(d => d.NextAttemptAt, next)
                    .SetProperty(d => d.LastAttemptAt, now).SetProperty(d => d.LastStatusCode, attempt.StatusCode)
                    .SetProperty(d => d.LastDurationMs, (int)attempt.Duration.TotalMilliseconds).SetProperty(d => d.LastResponse, response), token);
            }
            foreach (var group in outcomes.GroupBy(x => x.Delivery.SubscriptionId))
            {
                var failures = group.Count(x => !x.Attempt.Succeeded);
                if (failures == 0)
                {
                    if (subscriptions[group.Key].ConsecutiveFailures != 0)
                        await db.WebhookSubscriptions.Where(s => s.Id == group.Key && s.ConsecutiveFailures != 0)
                            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ConsecutiveFailures, 0), token);
                    continue;
                }
                // A success in the same round does not clear the count: the receiver is failing some of what it gets.
                await db.WebhookSubscriptions.Where(s => s.Id == group.Key)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.ConsecutiveFailures, x => x.ConsecutiveFailures + failures), token);
            }
            return 0;
        }, cancellationToken);

        foreach (var group in outcomes.Where(x => !x.Attempt.Succeeded).GroupBy(x => x.Delivery.SubscriptionId))
        {
            var subscription = subscriptions[group.Key];
            var gone = group.FirstOrDefault(x => x.Attempt.StatusCode == 410).Attempt;
            var last = gone ?? group.Last().Attempt;
            var reason = gone is not null
                ? "Disabled: the receiver answered 410 Gone, which means it wants no more deliveries."
                : $"Disabled after {o.MaxConsecutiveFailures} failed deliveries in a row (the last: {Describe(last)}).";
            var limit = gone is not null ? 0 : o.MaxConsecutiveFailures;
            var disabled = await db.WebhookSubscriptions.Where(s => s.Id == subscription.Id && s.Enabled && s.ConsecutiveFailures >= limit)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Enabled, false).SetProperty(x => x.DisabledReason, reason), cancellationToken);
            if (disabled == 1)
            {
                logger.LogWarning("Webhook {Subscription} ({Url}) was disabled: {Reason}", subscription.Id, subscription.Url, reason);
                await audit.RecordAsync(null, AuditActions.WebhookAutoDisabled, "WebhookSubscription", subscription.Id, reason, cancellationToken);
            }
        }
    }

    private static string Describe(WebhookAttempt attempt) =>
        attempt.StatusCode is { } code ? $"HTTP {code}" : attempt.Response;

    /// <summary>first × 2^(n-1), at most the maximum, times a random 0.5–1.0 so many failing receivers do not retry in step.</summary>
    internal static TimeSpan Backoff(int attempts, WebhookOptions o)
    {
        var exponential = o.FirstRetryDelay * Math.Pow(2, Math.Min(attempts - 1, 30));
        var capped = exponential > o.MaxRetryDelay ? o.MaxRetryDelay : exponential;
        return capped * (0.5 + Random.Shared.NextDouble() / 2);
    }
}
