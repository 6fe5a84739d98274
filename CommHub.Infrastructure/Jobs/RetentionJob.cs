using CommHub.Core.Retention;
using Microsoft.Extensions.Logging;

namespace CommHub.Infrastructure.Jobs;

/// <summary>Recurring (daily by default): deletes what has outlived its channel's retention period.</summary>
public sealed class RetentionJob(RetentionService retention, ILogger<RetentionJob> logger)
{
    public const string RecurringId = "retention";

    [Hangfire.DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var run = await retention.RunAsync(cancellationToken);
        var total = run.Total;
        logger.LogInformation("Retention deleted {Messages} message(s), {Files} file(s), {Conversations} conversation(s) and {Blobs} blob(s) in {Duration}.",
            total.Messages, total.Files, total.Conversations, run.Blobs.Deleted, run.Duration);
    }
}
