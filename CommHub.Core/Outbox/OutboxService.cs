using CommHub.Core.Common;
using CommHub.Core.Contacts;
using CommHub.Core.Conversations;
using CommHub.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommHub.Core.Outbox;

/// <summary>
/// Sends what the outbox holds through each channel's connector. A failed send waits (exponential
/// backoff with jitter, or the channel's own retry-after) and is tried again until it runs out of
/// attempts; then the message is Failed with the reason shown, and can be retried by hand.
/// </summary>
public sealed class OutboxService(
    IDbContextFactory<CommHubDbContext> dbFactory,
    IEnumerable<IChannelSender> senders,
    ConversationNotifier notifier,
    IOptions<OutboxOptions> options,
    TimeProvider clock,
    ILogger<OutboxService> logger)
{
    private const int Batch = 50;
    private const int ErrorLength = 1000;

    /// <summary>Sends every item that is due; returns how many were handled.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken = default)
    {
        var handled = 0;
        while (await NextDueAsync(cancellationToken) is { Count: > 0 } due)
        {
            foreach (var id in due) await SendOneAsync(id, cancellationToken);
            handled += due.Count;
            if (due.Count < Batch) break;
        }
        return handled;
    }

    /// <summary>The agent's "Retry" on a failed message: it goes back in the outbox with fresh attempts.</summary>
    public async Task<bool> RetryAsync(int messageId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var item = await db.Outbox.Include(o => o.Message).SingleOrDefaultAsync(o => o.MessageId == messageId && o.State == OutboxState.Failed, cancellationToken);
        if (item is null) return false;
        item.State = OutboxState.Pending;
        item.Attempts = 0;
        item.NextAttemptAt = clock.GetUtcNow().UtcDateTime;
        item.Message!.DeliveryStatus = DeliveryStatus.Pending;
        item.Message.DeliveryError = null;
        await db.SaveChangesAsync(cancellationToken);
        notifier.Publish(new LiveEvent(LiveEventKind.MessageAdded, item.Message.ConversationId));
        return true;
    }

    private async Task<List<long>> NextDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // A send claimed by a worker that died (restart mid-send) is due again after a while.
        var abandoned = now - TimeSpan.FromMinutes(5);
        await db.Outbox.Where(o => o.State == OutboxState.Sending && o.UpdatedAt < abandoned)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.State, OutboxState.Pending).SetProperty(o => o.UpdatedAt, now), cancellationToken);
        // Only channels that have a connector here: the rest wait, untouched, until one is installed. A disabled channel
        // sends nothing until it is enabled again; a deleted one is tried, so its replies fail with the reason.
        var kinds = senders.Select(s => s.Kind).ToList();
        return await db.Outbox.Where(o => o.State == OutboxState.Pending && o.NextAttemptAt <= now)
            .Where(o => db.Channels.Any(c => c.Id == o.ChannelId && kinds.Contains(c.Kind) && (c.Enabled || c.DeletedAt != null)))
            .OrderBy(o => o.NextAttemptAt).ThenBy(o => o.Id).Select(o => o.Id).Take(Batch).ToListAsync(cancellationToken);
    }

    private async Task SendOneAsync(long itemId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Claim the item first: of two workers (or hosts) that saw it due, only one sends it.
        var now = clock.GetUtcNow().UtcDateTime;
        var claimed = await db.Outbox.Where(o => o.Id == itemId && o.State == OutboxState.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.State, OutboxState.Sending).SetProperty(o => o.UpdatedAt, now), cancellationToken);
        if (claimed == 0) return;
        var item = await db.Outbox.Include(o => o.Message).ThenInclude(m => m!.Conversation).ThenInclude(c => c!.Channel)
            .SingleAsync(o => o.Id == itemId, cancellationToken);
        var message = item.Message!;
        var conversation = message.Conversation!;
        var sender = senders.Single(s => s.Kind == conversation.Channel!.Kind);

        item.Attempts++;
        SendResult result;
        try
        {
            result = await sender.SendAsync(await EnvelopeAsync(db, item, conversation, cancellationToken), cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            result = new SendResult(SendOutcome.Retry, Error: ex.Message);
        }
        Apply(item, message, result);
        await db.SaveChangesAsync(cancellationToken);
        notifier.Publish(new LiveEvent(LiveEventKind.MessageAdded, conversation.Id));
    }

    private void Apply(OutboxItem item, Message message, SendResult result)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Whatever the outcome, what the channel already has is kept: a send stopped partway resumes after its parts, and
        // the first part's id identifies the message at the channel.
        if (result.PartsSent is { } parts) item.PartsSent = parts;
        // A channel's error can be long (a whole response body); the columns hold 1,000 characters.
        result = result with { Error = ColumnText.Fit(result.Error, ErrorLength) };
        message.ExternalId ??= result.ExternalId;
        switch (result.Outcome)
        {
            case SendOutcome.Sent:
                item.State = OutboxState.Done;
                item.LastError = null;
                message.DeliveryStatus = DeliveryStatus.Sent;
                message.DeliveryError = null;
                message.InternetMessageId ??= result.InternetMessageId;
                return;
            case SendOutcome.Retry when item.Attempts < options.Value.MaxAttempts:
                item.State = OutboxState.Pending;
                item.LastError = result.Error;
                item.NextAttemptAt = now + (result.RetryAfter ?? Backoff(item.Attempts));
                logger.LogInformation("Send of message {Message} failed (attempt {Attempt}); next try at {Next}: {Error}",
                    message.Id, item.Attempts, item.NextAttemptAt, result.Error);
                return;
            default:
                item.State = OutboxState.Failed;
                item.LastError = result.Error;
                message.DeliveryStatus = DeliveryStatus.Failed;
                message.DeliveryError = ColumnText.Fit(result.Outcome == SendOutcome.Permanent
                    ? result.Error
                    : $"Gave up after {item.Attempts} attempts: {result.Error}", ErrorLength);
                return;
        }
    }

    /// <summary>Exponential, capped, and jittered so that many failed sends do not all come back at once.</summary>
    internal TimeSpan Backoff(int attempt)
    {
        var limits = options.Value;
        var exponential = limits.FirstRetryDelay.TotalSeconds * Math.Pow(2, Math.Max(0, attempt - 1));
        var capped = Math.Min(exponential, limits.MaxRetryDelay.TotalSeconds);
        return TimeSpan.FromSeconds(capped * (0.5 + Random.Shared.NextDouble() / 2));
    }

    private static async Task<OutboundEnvelope> EnvelopeAsync(CommHubDbContext db, OutboxItem item, Conversation conversation, CancellationToken cancellationToken)
    {
        var message = item.Message!;
        var identities = await db.ContactIdentities.Where(i => i.ContactId == conversation.ContactId).ToListAsync(cancellationToken);
        var contactEmail = await db.Contacts.Where(c => c.Id == conversation.ContactId).Select(c => c.Email).SingleOrDefaultAsync(cancellationToken);
        // Threading: answer the newest message that has a Message-ID, and carry the chain of ids.
        var earlier = await db.Messages
            .Where(m => m.ConversationId == conversation.Id && m.Id != message.Id && m.InternetMessageId != null)
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .Select(m => m.InternetMessageId!)
            .ToListAsync(cancellationToken);
        var files = await db.Attachments.Where(a => a.MessageId == message.Id && a.OriginalBlobKey != null).OrderBy(a => a.Id)
            .Select(a => new OutboundFile(a.FileName, a.ContentType, a.OriginalBlobKey!))
            .ToListAsync(cancellationToken);
        return new OutboundEnvelope(
            message.Id, conversation.Id, conversation.ChannelId, message.Text, conversation.Subject, conversation.ExternalThreadKey,
            identities.FirstOrDefault(i => i.Kind == IdentityKind.Email)?.Value ?? contactEmail,
            identities.FirstOrDefault(i => i.Kind == IdentityKind.Telegram)?.Value,
            earlier.LastOrDefault(),
            earlier,
            message.EmailCc,
            message.EmailBcc,
            files,
            item.PartsSent);
    }
}
