using CommHub.Core.Channels;
using CommHub.Core.Data;
using CommHub.Infrastructure.Gmail;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CommHub.Infrastructure.Jobs;

/// <summary>One mailbox's recurring sync; one recurring job per mailbox, so one mailbox's trouble never delays another's.</summary>
public sealed class GmailPollJob(GmailSyncService sync, ILogger<GmailPollJob> logger)
{
    public static string RecurringId(int channelId) => $"gmail-sync-{channelId}";

    [Queue(JobQueues.Polling)]
    [DisableConcurrentExecution(timeoutInSeconds: 300)] // two syncs of one mailbox would read the same history
    [AutomaticRetry(Attempts = 0)] // the next run is the retry
    public async Task RunAsync(int channelId, CancellationToken cancellationToken)
    {
        var result = await sync.SyncAsync(channelId, cancellationToken);
        if (result.Outcome is GmailSyncOutcome.Failed or GmailSyncOutcome.Disconnected)
            logger.LogWarning("Gmail channel {Channel}: {Outcome} {Error}", channelId, result.Outcome, result.Error);
    }
}

/// <summary>Keeps one recurring sync job per enabled Gmail channel, and none for the others.</summary>
public sealed class ChannelJobScheduler(IDbContextFactory<CommHubDbContext> dbFactory, IRecurringJobManager jobs) : IChannelJobs
{
    public const string GmailCron = "* * * * *";

    public async Task ScheduleAllAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var gmail = await db.Channels.Where(c => c.Kind == ChannelKind.Gmail).Select(c => new { c.Id, c.Enabled }).ToListAsync(cancellationToken);
        foreach (var channel in gmail) Schedule(channel.Id, channel.Enabled);
        var telegram = await db.Channels.Where(c => c.Kind == ChannelKind.Telegram).Select(c => new { c.Id, c.Enabled }).ToListAsync(cancellationToken);
        foreach (var channel in telegram) Schedule(channel.Id, ChannelKind.Telegram, channel.Enabled);
    }

    public void Schedule(int channelId, ChannelKind kind, bool enabled)
    {
        if (kind == ChannelKind.Gmail) Schedule(channelId, enabled);
        if (kind != ChannelKind.Telegram) return;
        // Every enabled bot has one; a bot on a webhook returns at once, so switching modes needs no rescheduling.
        if (enabled) jobs.AddOrUpdate<TelegramPollJob>(TelegramPollJob.RecurringId(channelId), job => job.RunAsync(channelId, CancellationToken.None), GmailCron);
        else jobs.RemoveIfExists(TelegramPollJob.RecurringId(channelId));
    }

    public void PollNow(int channelId, ChannelKind kind)
    {
        if (kind == ChannelKind.Gmail) jobs.Trigger(GmailPollJob.RecurringId(channelId));
        if (kind == ChannelKind.Telegram) jobs.Trigger(TelegramPollJob.RecurringId(channelId));
    }

    public void Schedule(int channelId, bool enabled)
    {
        if (enabled) jobs.AddOrUpdate<GmailPollJob>(GmailPollJob.RecurringId(channelId), job => job.RunAsync(channelId, CancellationToken.None), GmailCron);
        else jobs.RemoveIfExists(GmailPollJob.RecurringId(channelId));
    }
}
