using CommHub.Core.Attachments;
using CommHub.Core.Common;
using CommHub.Core.Contacts;
using CommHub.Core.Conversations;
using CommHub.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommHub.Core.Outbox;

/// <summary>
/// Sends what the outbox holds through each channel's connector. Each attempt is committed before the send, so a send is
/// never repeated without its attempt being counted. A failed send waits (exponential backoff with jitter, or the channel's
/// own retry-after) and is tried again until it runs out of attempts; then the message is Failed with the reason shown, and
/// can be retried by hand. A send whose outcome cannot be recorded is never sent again by itself: it becomes Unknown, and a
/// person checks the chat and retries it or marks it sent.
/// </summary>
public sealed class OutboxService(
    IDbContextFactory<CommHubDbContext> dbFactory,
    IEnumerable<IChannelSender> senders,
    ConversationNotifier notifier,
    IOutboxSignal signal,
    IOptions<OutboxOptions> options,
    IOptions<AttachmentOptions> attachmentOptions,
    TimeProvider clock,
    ILogger<OutboxService> logger)
{
    private const int Batch = 50;
    private const int ErrorLength = 1000;

    public const string InterruptedText =
        "Not confirmed: sending was interrupted, so the channel may or may not have this message. Check the chat, then retry or mark it sent.";

    public const string UnsavedText =
        "Not confirmed: the channel was asked to send this message, but the result could not be saved. Check the chat, then retry or mark it sent.";

    /// <summary>Sends every item that is due; returns how many were handled. One item's failure never stops the others.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken = default)
    {
        await MarkInterruptedAsync(cancellationToken);
        var handled = 0;
        var seen = new HashSet<long>();
        while (await NextDueAsync(cancellationToken) is { Count: > 0 } due && due.Any(seen.Add))
        {
            foreach (var id in due)
            {
                try
                {
                    await SendOneAsync(id, cancellationToken);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    // Whatever this item's trouble, the batch goes on; a claimed item left Sending becomes Unknown later.
                    logger.LogError(ex, "Outbox item {Item} could not be handled; the rest of the batch goes on.", id);
                }
            }
            handled += due.Count;
            if (due.Count < Batch) break;
        }
        return handled;
    }

    /// <summary>Staff's "Retry" on a failed or unconfirmed message: it goes back in the outbox with fresh attempts.</summary>
    public async Task<bool> RetryAsync(int messageId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var item = await db.Outbox.Include(o => o.Message)
            .SingleOrDefaultAsync(o => o.MessageId == messageId && (o.State == OutboxState.Failed || o.State == OutboxState.Unknown), cancellationToken);
        if (item is null) return false;
        item.State = OutboxState.Pending;
        item.Attempts = 0;
        item.NextAttemptAt = clock.GetUtcNow().UtcDateTime;
        item.Message!.DeliveryStatus = DeliveryStatus.Pending;
        item.Message.DeliveryError = null;
        await db.SaveChangesAsync(cancellationToken);
        notifier.Publish(new LiveEvent(LiveEventKind.MessageChanged, item.Message.ConversationId));
        // Sent now, as a new reply is, not at the next sweep.
        signal.Signal();
        return true;
    }

    /// <summary>Staff checked the chat and the unconfirmed message is there: it is recorded as sent, and never sent again.</summary>
    public async Task<bool> MarkSentAsync(int messageId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var item = await db.Outbox.Include(o => o.Message).SingleOrDefaultAsync(o => o.MessageId == messageId && o.State == OutboxState.Unknown, cancellationToken);
        if (item is null) return false;
        item.State = OutboxState.Done;
        item.LastError = null;
        item.Message!.DeliveryStatus = DeliveryStatus.Sent;
        item.Message.DeliveryError = null;
        await db.SaveChangesAsync(cancellationToken);
        notifier.Publish(new LiveEvent(LiveEventKind.MessageChanged, item.Message.ConversationId));
        return true;
    }

    /// <summary>
    /// A send claimed long ago and still Sending was cut off (the worker died, or its result could not be saved even as
    /// Unknown): the channel may have it, so it is left to a person rather than sent again.
    /// </summary>
    private async Task MarkInterruptedAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var before = now - options.Value.AbandonedAfter;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var interrupted = await db.Outbox.Where(o => o.State == OutboxState.Sending && o.UpdatedAt < before)
            .Select(o => new { o.Id, o.MessageId, o.Message!.ConversationId }).ToListAsync(cancellationToken);
        foreach (var item in interrupted)
        {
            await MarkUnknownAsync(db, item.Id, item.MessageId, OutboxState.Sending, InterruptedText, cancellationToken);
            logger.LogWarning("Send of message {Message} was interrupted; it is Unknown until someone checks the chat.", item.MessageId);
            notifier.Publish(new LiveEvent(LiveEventKind.MessageChanged, item.ConversationId));
        }
    }

    private static Task MarkUnknownAsync(CommHubDbContext db, long itemId, int messageId, OutboxState from, string text, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async token =>
        {
            var changed = await db.Outbox.Where(o => o.Id == itemId && o.State == from)
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.State, OutboxState.Unknown).SetProperty(o => o.LastError, text), token);
            if (changed == 0) return;
            await db.Messages.Where(m => m.Id == messageId)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.DeliveryStatus, DeliveryStatus.Unknown).SetProperty(m => m.DeliveryError, text), token);
        }, cancellationToken);

    private async Task<List<long>> NextDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
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
        var now = clock.GetUtcNow().UtcDateTime;
        var messageId = await db.Outbox.Where(o => o.Id == itemId && o.State == OutboxState.Pending).Select(o => (int?)o.MessageId).SingleOrDefaultAsync(cancellationToken);
        if (messageId is null) return;

        var media = await OutboxEnvelopes.MediaProblemAsync(db, messageId.Value, attachmentOptions.Value.MaxProcessingAttempts, cancellationToken);
        if (media is { Wait: true })
        {
            // Not an attempt: the photo's cleaned copy is on its way, and the pipeline signals when it is ready.
            await db.Outbox.Where(o => o.Id == itemId && o.State == OutboxState.Pending).ExecuteUpdateAsync(s => s
                .SetProperty(o => o.NextAttemptAt, now + options.Value.MediaWaitDelay)
                .SetProperty(o => o.LastError, "Waiting for the photos' cleaned copies (metadata removed) before sending."), cancellationToken);
            return;
        }

        // Claim the item and count the attempt, committed before anything is sent: of two workers (or hosts) that saw it due
        // only one sends it, and a send that is cut off is known to have been tried.
        var claimed = await db.Outbox.Where(o => o.Id == itemId && o.State == OutboxState.Pending).ExecuteUpdateAsync(s => s
            .SetProperty(o => o.State, OutboxState.Sending)
            .SetProperty(o => o.Attempts, o => o.Attempts + 1)
            .SetProperty(o => o.UpdatedAt, now), cancellationToken);
        if (claimed == 0) return;
        var item = await db.Outbox.Include(o => o.Message).ThenInclude(m => m!.Conversation).ThenInclude(c => c!.Channel)
            .SingleAsync(o => o.Id == itemId, cancellationToken);
        var message = item.Message!;
        var conversation = message.Conversation!;
        var partsBefore = item.PartsSent;

        var result = media is { Refuse: { } refused }
            ? new SendResult(SendOutcome.Permanent, Error: refused)
            : await TrySendAsync(db, item, conversation, cancellationToken);
        if (result is null)
        {
            await MarkUnknownAsync(db, itemId, message.Id, OutboxState.Sending, InterruptedText, cancellationToken);
        }
        else
        {
            Apply(item, message, result);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await ResultNotSavedAsync(itemId, message.Id, result, partsBefore, ex, cancellationToken);
            }
        }
        notifier.Publish(new LiveEvent(LiveEventKind.MessageChanged, conversation.Id));
    }

    /// <summary>The connector's answer; null when it failed in a way that says nothing about what the channel received.</summary>
    private async Task<SendResult?> TrySendAsync(CommHubDbContext db, OutboxItem item, Conversation conversation, CancellationToken cancellationToken)
    {
        var sender = senders.Single(s => s.Kind == conversation.Channel!.Kind);
        try
        {
            return await sender.SendAsync(await OutboxEnvelopes.BuildAsync(db, item, conversation, cancellationToken), cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new SendResult(SendOutcome.Retry, Error: ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Sending message {Message} failed unexpectedly; it is Unknown until someone checks the chat.", item.MessageId);
            return null;
        }
    }

    /// <summary>
    /// The channel answered but the answer could not be saved. What nothing reached is put back to be tried again (its attempt
    /// is counted already); anything the channel may have is Unknown, never sent blindly again. If even that cannot be written,
    /// the item stays Sending and the next sweep makes it Unknown.
    /// </summary>
    private async Task ResultNotSavedAsync(long itemId, int messageId, SendResult result, int partsBefore, Exception error, CancellationToken cancellationToken)
    {
        logger.LogError(error, "The result of sending message {Message} ({Outcome}) could not be saved.", messageId, result.Outcome);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var nothingWent = result.Outcome != SendOutcome.Sent && (result.PartsSent ?? partsBefore) == partsBefore;
            if (nothingWent)
            {
                var next = clock.GetUtcNow().UtcDateTime + Backoff(1);
                await db.Outbox.Where(o => o.Id == itemId && o.State == OutboxState.Sending).ExecuteUpdateAsync(s => s
                    .SetProperty(o => o.State, OutboxState.Pending).SetProperty(o => o.NextAttemptAt, next)
                    .SetProperty(o => o.LastError, result.Error), cancellationToken);
            }
            else
            {
                await MarkUnknownAsync(db, itemId, messageId, OutboxState.Sending, UnsavedText, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Message {Message} could not be marked either; the next sweep marks it Unknown.", messageId);
        }
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
}
