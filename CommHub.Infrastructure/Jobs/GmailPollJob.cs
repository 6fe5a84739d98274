using CommHub.Infrastructure.Gmail;
using Hangfire;
using Microsoft.Extensions.Logging;

namespace CommHub.Infrastructure.Jobs;

/// <summary>One mailbox's recurring sync; one recurring job per mailbox, so one mailbox's trouble never delays another's.</summary>
public sealed class GmailPollJob(GmailSyncService sync, ILogger<GmailPollJob> logger)
{
    public static string RecurringId(int channelId) => $"gmail-sync-{channelId}";

    [Queue(JobQueues.Polling)]
    // Two syncs of one mailbox would read the same history. Per mailbox ({0} is the channel id): without a resource Hangfire
    // locks on the method, and every mailbox's sync would wait for every other's.
    [DisableConcurrentExecution("gmail-sync:{0}", 300)]
    [AutomaticRetry(Attempts = 0)] // the next run is the retry
    public async Task RunAsync(int channelId, CancellationToken cancellationToken)
    {
        var result = await sync.SyncAsync(channelId, cancellationToken);
        if (result.Outcome is GmailSyncOutcome.Failed or GmailSyncOutcome.Disconnected)
            logger.LogWarning("Gmail channel {Channel}: {Outcome} {Error}", channelId, result.Outcome, result.Error);
    }
}
