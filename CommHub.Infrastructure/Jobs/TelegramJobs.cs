using CommHub.Infrastructure.Telegram;
using Hangfire;
using Microsoft.Extensions.Logging;

namespace CommHub.Infrastructure.Jobs;

/// <summary>One bot's recurring long-poll; one recurring job per channel. A channel on a webhook returns at once.</summary>
public sealed class TelegramPollJob(TelegramInboundService inbound, ILogger<TelegramPollJob> logger)
{
    public static string RecurringId(int channelId) => $"telegram-poll-{channelId}";

    [Queue(JobQueues.Polling)]
    [DisableConcurrentExecution(timeoutInSeconds: 120)] // two polls of one bot would read the same offset
    [AutomaticRetry(Attempts = 0)] // the next run is the retry
    public async Task RunAsync(int channelId, CancellationToken cancellationToken)
    {
        var result = await inbound.PollAsync(channelId, cancellationToken);
        if (result.Outcome == TelegramPollOutcome.Failed) logger.LogWarning("Telegram channel {Channel}: {Error}", channelId, result.Error);
    }
}
