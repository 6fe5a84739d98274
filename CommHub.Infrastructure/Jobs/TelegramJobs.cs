using CommHub.Infrastructure.Telegram;
using Hangfire;
using Microsoft.Extensions.Logging;

namespace CommHub.Infrastructure.Jobs;

/// <summary>One bot's recurring long-poll; one recurring job per channel. A channel on a webhook returns at once.</summary>
public sealed class TelegramPollJob(TelegramInboundService inbound, ILogger<TelegramPollJob> logger)
{
    public static string RecurringId(int channelId) => $"telegram-poll-{channelId}";

    [Queue(JobQueues.Polling)]
    // Two polls of one bot would read the same offset. The lock is per channel ({0} is the channel id): without a resource
    // Hangfire locks on the method, so every bot's poll would wait for every other's long poll.
    [DisableConcurrentExecution("telegram-poll:{0}", 120)]
    [AutomaticRetry(Attempts = 0)] // the next run is the retry
    public async Task RunAsync(int channelId, CancellationToken cancellationToken)
    {
        var result = await inbound.PollAsync(channelId, cancellationToken);
        if (result.Outcome == TelegramPollOutcome.Failed) logger.LogWarning("Telegram channel {Channel}: {Error}", channelId, result.Error);
    }
}
