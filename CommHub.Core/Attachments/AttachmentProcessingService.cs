using System.Globalization;
using CommHub.Core.Common;
using CommHub.Core.Conversations;
using CommHub.Core.Data;
using CommHub.Core.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommHub.Core.Attachments;

/// <summary>
/// The media pipeline's work on one attachment: a thumbnail and the metadata-free (and, when large,
/// compressed) copy customers see. Safe to run twice; a failure leaves the original downloadable.
/// </summary>
public sealed class AttachmentProcessingService(
    IBlobStore blobs,
    IImageProcessor images,
    IAttachmentQueue queue,
    IOutboxSignal outbox,
    IDbContextFactory<CommHubDbContext> dbFactory,
    ConversationNotifier notifier,
    IOptions<AttachmentOptions> options,
    TimeProvider clock,
    ILogger<AttachmentProcessingService> logger)
{
    /// <summary>How long an attachment may sit Pending before the sweep assumes its job was lost.</summary>
    public static readonly TimeSpan StallAfter = TimeSpan.FromMinutes(2);

    public async Task ProcessAsync(int attachmentId, CancellationToken cancellationToken = default)
    {
        var limits = options.Value;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // The attempt is counted and committed before any work: a crash mid-processing (out of memory, a killed worker) still
        // counts, so an image that takes the worker down is not retried without end.
        var now = clock.GetUtcNow().UtcDateTime;
        var started = await db.Attachments.Where(a => a.Id == attachmentId && a.State == AttachmentState.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.ProcessingAttempts, a => a.ProcessingAttempts + 1).SetProperty(a => a.UpdatedAt, now), cancellationToken);
        if (started == 0) return;
        var attachment = await db.Attachments.Include(a => a.Message).SingleAsync(a => a.Id == attachmentId, cancellationToken);

        if (attachment.ProcessingAttempts > limits.MaxProcessingAttempts)
        {
            // Earlier attempts never finished: they were cut off (the worker died or was stopped) while processing.
            attachment.ProcessingAttempts = limits.MaxProcessingAttempts;
            attachment.State = AttachmentState.Failed;
            attachment.Error = $"The preview could not be made: processing was cut off {limits.MaxProcessingAttempts} times (the image may be too demanding), so it is not tried again. The original can still be downloaded.";
            logger.LogWarning("Attachment {Id} was cut off {Attempts} times while processing; it is Failed.", attachment.Id, limits.MaxProcessingAttempts);
        }
        else
        {
            try
            {
                await ProcessImageAsync(attachment, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Processing attachment {Id} failed (attempt {Attempt}).", attachment.Id, attachment.ProcessingAttempts);
                attachment.State = AttachmentState.Failed;
                attachment.Error = ColumnText.Fit($"The preview could not be made ({ex.Message}); the original can still be downloaded.", 1000);
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        notifier.Publish(new LiveEvent(LiveEventKind.ConversationUpdated, attachment.Message!.ConversationId));
        // A reply may be waiting for this image's cleaned copy (or for the news that there will be none).
        if (attachment.Message.Direction == MessageDirection.Outbound
            && (attachment.State == AttachmentState.Ready || attachment.ProcessingAttempts >= limits.MaxProcessingAttempts))
            outbox.Signal();
    }

    private async Task ProcessImageAsync(Attachment attachment, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        if (!AttachmentService.IsRaster(attachment.ContentType))
        {
            attachment.State = AttachmentState.Ready;
            return;
        }

        var header = await WithOriginalAsync(attachment, images.ReadHeader, cancellationToken);
        if (header.DecodedBytes > limits.MaxDecodeBytes)
        {
            // Never decoded, and never retried: decoding would take more memory than one image may have.
            attachment.State = AttachmentState.Failed;
            attachment.ProcessingAttempts = limits.MaxProcessingAttempts;
            attachment.Error = string.Create(CultureInfo.InvariantCulture,
                $"The image is {header.Width:N0} × {header.Height:N0} pixels with {header.Bands} channel(s); opening it would take about {Mb(header.DecodedBytes):N0} MB of memory, over the {Mb(limits.MaxDecodeBytes):N0} MB allowed for one image, so it was not opened. The original can still be downloaded.");
            return;
        }
        if (header.Pixels > limits.MaxImagePixels)
        {
            // Never decoded, and never retried: the image will not get smaller.
            attachment.State = AttachmentState.Failed;
            attachment.ProcessingAttempts = limits.MaxProcessingAttempts;
            attachment.Error = string.Create(CultureInfo.InvariantCulture,
                $"The image is {header.Width:N0} × {header.Height:N0} pixels, over the {limits.MaxImagePixels / 1_000_000.0:N0} megapixel limit; it was not opened.");
            return;
        }

        var thumbnail = await WithOriginalAsync(attachment, s => images.Thumbnail(s, limits.ThumbnailSize), cancellationToken);
        var maxBytes = attachment.Size > limits.CompressAboveBytes ? limits.CompressAboveBytes : long.MaxValue;
        var display = await WithOriginalAsync(attachment, s => images.Sanitize(s, maxBytes), cancellationToken);

        var thumbnailKey = BlobKeys.New("thumbnails", clock);
        var displayKey = BlobKeys.New("display", clock);
        await blobs.PutAsync(thumbnailKey, new MemoryStream(thumbnail.Data), thumbnail.ContentType, cancellationToken);
        await blobs.PutAsync(displayKey, new MemoryStream(display.Data), display.ContentType, cancellationToken);
        attachment.ThumbnailBlobKey = thumbnailKey;
        attachment.CompressedBlobKey = displayKey;
        attachment.Width = display.Width;
        attachment.Height = display.Height;
        attachment.State = AttachmentState.Ready;
        attachment.Error = null;
    }

    private static double Mb(long bytes) => bytes / 1024.0 / 1024.0;

    private async Task<T> WithOriginalAsync<T>(Attachment attachment, Func<Stream, T> work, CancellationToken cancellationToken)
    {
        await using var original = await blobs.OpenReadAsync(attachment.OriginalBlobKey!, cancellationToken)
            ?? throw new InvalidDataException("the original file is missing from storage");
        return work(original);
    }

    /// <summary>
    /// Recurring: attachments whose job was lost (in-memory job storage and a restart, say) go back on the
    /// queue, and failed ones are retried until they run out of attempts.
    /// </summary>
    public async Task<int> RequeueStalledAsync(CancellationToken cancellationToken = default)
    {
        var stalledBefore = clock.GetUtcNow().UtcDateTime - StallAfter;
        var maxAttempts = options.Value.MaxProcessingAttempts;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var retry = await db.Attachments
            .Where(a => (a.State == AttachmentState.Pending && a.UpdatedAt < stalledBefore)
                || (a.State == AttachmentState.Failed && a.ProcessingAttempts < maxAttempts))
            .OrderBy(a => a.Id).Take(500)
            .ToListAsync(cancellationToken);
        foreach (var attachment in retry)
        {
            attachment.State = AttachmentState.Pending;
            // Restarts the stall clock, so the next sweep does not queue it again while this job waits.
            attachment.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        }
        await db.SaveChangesAsync(cancellationToken);
        foreach (var attachment in retry) queue.Enqueue(attachment.Id);
        return retry.Count;
    }
}
