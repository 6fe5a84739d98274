using CommHub.Core.Audit;
using CommHub.Core.Channels;
using CommHub.Core.Common;
using CommHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CommHub.Core.Webhooks;

public sealed record WebhookDraft(string Url, string? Description, IReadOnlyList<string> Events, bool IncludePrivateNotes);

public sealed record WebhookView(
    int Id, string Url, string? Description, IReadOnlyList<string> Events, bool IncludePrivateNotes, bool Enabled,
    string? DisabledReason, int ConsecutiveFailures, DateTime CreatedAt);

/// <summary>A subscription just made: <see cref="Secret"/> is shown once.</summary>
public sealed record CreatedWebhook(int Id, string Secret);

public sealed record WebhookDeliveryView(
    long Id, string MessageId, string Type, WebhookDeliveryState State, int Attempts, DateTime CreatedAt, DateTime NextAttemptAt,
    DateTime? LastAttemptAt, int? LastStatusCode, int? LastDurationMs, string? LastResponse);

/// <summary>Admins' outgoing webhooks: subscriptions, a test event, the delivery log and redelivery. Every change is audited.</summary>
public sealed class WebhookService(
    IDbContextFactory<CommHubDbContext> dbFactory, IWebhookTransport transport, ISecretProtector protector, AuditLog audit,
    WebhookState state, TimeProvider clock)
{
    public const int MaxUrlLength = 2000;
    public const int LoggedResponseLength = 4096;
    private const string Entity = "WebhookSubscription";

    public async Task<IReadOnlyList<WebhookView>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.WebhookSubscriptions.AsNoTracking().OrderBy(s => s.Id).ToListAsync(cancellationToken);
        return rows.Select(View).ToList();
    }

    public async Task<WebhookView?> GetAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.WebhookSubscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken) is { } s ? View(s) : null;
    }

    public async Task<OperationResult<CreatedWebhook>> CreateAsync(WebhookDraft draft, string? actingUserId, CancellationToken cancellationToken = default)
    {
        if (await ValidateAsync(draft, cancellationToken) is { } error) return OperationResult<CreatedWebhook>.Fail(error);
        var secret = WebhookSignature.NewSecret();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var subscription = new WebhookSubscription
        {
            Url = draft.Url.Trim(), Description = Clean(draft.Description), Events = string.Join(',', draft.Events.Distinct()),
            IncludePrivateNotes = draft.IncludePrivateNotes, ProtectedSecret = protector.Protect(secret), CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.WebhookSubscriptions.Add(subscription);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(actingUserId, AuditActions.WebhookCreated, Entity, subscription.Id, subscription.Url, cancellationToken);
        state.SetAnyEnabled(true);
        return OperationResult<CreatedWebhook>.Ok(new CreatedWebhook(subscription.Id, secret));
    }

    public async Task<OperationResult> UpdateAsync(int id, WebhookDraft draft, string? actingUserId, CancellationToken cancellationToken = default)
    {
        if (await ValidateAsync(draft, cancellationToken) is { } error) return OperationResult.Fail(error);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.WebhookSubscriptions.SingleOrDefaultAsync(s => s.Id == id, cancellationToken) is not { } subscription) return OperationResult.Fail(Gone);
        subscription.Url = draft.Url.Trim();
        subscription.Description = Clean(draft.Description);
        subscription.Events = string.Join(',', draft.Events.Distinct());
        subscription.IncludePrivateNotes = draft.IncludePrivateNotes;
        audit.Add(db, actingUserId, AuditActions.WebhookChanged, Entity, id, subscription.Url);
        await db.SaveChangesAsync(cancellationToken);
        return OperationResult.Ok;
    }

    /// <summary>Enables (clearing the failure count and the banner) or disables a subscription.</summary>
    public async Task<OperationResult> SetEnabledAsync(int id, bool enabled, string? actingUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.WebhookSubscriptions.SingleOrDefaultAsync(s => s.Id == id, cancellationToken) is not { } subscription) return OperationResult.Fail(Gone);
        subscription.Enabled = enabled;
        subscription.DisabledReason = null;
        subscription.ConsecutiveFailures = 0;
        audit.Add(db, actingUserId, enabled ? AuditActions.WebhookEnabled : AuditActions.WebhookDisabled, Entity, id, subscription.Url);
        await db.SaveChangesAsync(cancellationToken);
        await RefreshAsync(db, cancellationToken);
        if (enabled) state.Signal();
        return OperationResult.Ok;
    }

    public async Task<OperationResult> DeleteAsync(int id, string? actingUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.WebhookSubscriptions.SingleOrDefaultAsync(s => s.Id == id, cancellationToken) is not { } subscription) return OperationResult.Fail(Gone);
        db.WebhookSubscriptions.Remove(subscription);
        audit.Add(db, actingUserId, AuditActions.WebhookDeleted, Entity, id, subscription.Url);
        await db.SaveChangesAsync(cancellationToken);
        await RefreshAsync(db, cancellationToken);
        return OperationResult.Ok;
    }

    /// <summary>Queues a <c>webhook.test</c> event for this subscription alone.</summary>
    public async Task<OperationResult> SendTestAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.WebhookSubscriptions.AnyAsync(s => s.Id == id, cancellationToken)) return OperationResult.Fail(Gone);
        var now = clock.GetUtcNow().UtcDateTime;
        db.WebhookDeliveries.Add(WebhookPayloads.Delivery(id, WebhookEventTypes.Test, 0, new { message = "A test event from CommHub." }, now));
        await db.SaveChangesAsync(cancellationToken);
        state.Signal();
        return OperationResult.Ok;
    }

    /// <summary>The newest deliveries of a subscription, for its log.</summary>
    public async Task<IReadOnlyList<WebhookDeliveryView>> DeliveriesAsync(int id, int take = 50, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.WebhookDeliveries.AsNoTracking().Where(d => d.SubscriptionId == id).OrderByDescending(d => d.Id).Take(take)
            .Select(d => new WebhookDeliveryView(d.Id, d.MessageId, d.Type, d.State, d.Attempts, d.CreatedAt, d.NextAttemptAt,
                d.LastAttemptAt, d.LastStatusCode, d.LastDurationMs, d.LastResponse))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Sends a delivery again (same id, so the receiver can recognise it), with a fresh 24 hours of retries.</summary>
    public async Task<OperationResult> RedeliverAsync(long deliveryId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var changed = await db.WebhookDeliveries.Where(d => d.Id == deliveryId && d.State != WebhookDeliveryState.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.State, WebhookDeliveryState.Pending).SetProperty(d => d.Attempts, 0)
                .SetProperty(d => d.CreatedAt, now).SetProperty(d => d.NextAttemptAt, now), cancellationToken);
        if (changed == 0) return OperationResult.Fail("That delivery is already waiting to be sent, or no longer exists.");
        state.Signal();
        return OperationResult.Ok;
    }

    internal async Task RefreshAsync(CommHubDbContext db, CancellationToken cancellationToken) =>
        state.SetAnyEnabled(await db.WebhookSubscriptions.AnyAsync(s => s.Enabled, cancellationToken));

    private async Task<string?> ValidateAsync(WebhookDraft draft, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(draft.Url)) return "Enter the address to post to.";
        if (draft.Url.Trim().Length > MaxUrlLength) return $"Keep the address to {MaxUrlLength} characters or fewer.";
        if (draft.Events.Count == 0) return "Choose at least one event.";
        if (draft.Events.FirstOrDefault(e => !WebhookEventTypes.All.Contains(e)) is { } unknown)
            return $"'{unknown}' is not an event; choose from {string.Join(", ", WebhookEventTypes.All)}.";
        if (draft.Description?.Trim().Length > 200) return "Keep the description to 200 characters or fewer.";
        return await transport.CheckUrlAsync(draft.Url.Trim(), cancellationToken);
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static WebhookView View(WebhookSubscription s) => new(
        s.Id, s.Url, s.Description, s.Events.Split(',', StringSplitOptions.RemoveEmptyEntries), s.IncludePrivateNotes, s.Enabled,
        s.DisabledReason, s.ConsecutiveFailures, s.CreatedAt);

    private const string Gone = "This webhook no longer exists.";
}
