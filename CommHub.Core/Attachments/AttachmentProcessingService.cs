using System.Globalization;
using CommHub.Core.Common;
using CommHub.Core.Conversations;
using CommHub.Core.Data;
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
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var attachment = await db.Attachments.Include(a => a.Message).SingleOrDefaultAsync(a => a.Id == attachmentId, cancellationToken);
        if (attachment is not { State: AttachmentState.Pending }) return;

        attachment.ProcessingAttempts++;
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
        await db.SaveChangesAsync(cancellationToken);
        notifier.Publish(new LiveEvent(LiveEventKind.ConversationUpdated, attachment.Message!.ConversationId));
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
