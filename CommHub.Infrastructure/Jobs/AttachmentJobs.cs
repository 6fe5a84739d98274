using CommHub.Core.Attachments;
using Hangfire;
using Microsoft.Extensions.Logging;

namespace CommHub.Infrastructure.Jobs;

/// <summary>Runs the media pipeline on one attachment.</summary>
public sealed class ProcessAttachmentJob(AttachmentProcessingService processing)
{
    [Queue(JobQueues.Media)] // its own bounded workers: replies and polling never wait behind images
    [AutomaticRetry(Attempts = 0)] // the sweep retries, counting attempts in the database
    public Task RunAsync(int attachmentId, CancellationToken cancellationToken) => processing.ProcessAsync(attachmentId, cancellationToken);
}

/// <summary>Recurring: re-derives lost or failed media work from the database.</summary>
public sealed class AttachmentSweepJob(AttachmentProcessingService processing, ILogger<AttachmentSweepJob> logger)
{
    public const string RecurringId = "attachment-sweep";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var queued = await processing.RequeueStalledAsync(cancellationToken);
        if (queued > 0) logger.LogInformation("Queued {Count} attachment(s) again for processing.", queued);
    }
}

internal sealed class HangfireAttachmentQueue(IBackgroundJobClient jobs) : IAttachmentQueue
{
    public void Enqueue(int attachmentId) => jobs.Enqueue<ProcessAttachmentJob>(job => job.RunAsync(attachmentId, CancellationToken.None));
}
