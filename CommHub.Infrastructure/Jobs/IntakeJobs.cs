using System.Collections.Concurrent;
using CommHub.Core.Channels;
using CommHub.Core.Data;
using CommHub.Core.Ingest;
using Microsoft.EntityFrameworkCore;
using CommHub.Infrastructure.Telegram;
using Hangfire;
using Microsoft.Extensions.Logging;

namespace CommHub.Infrastructure.Jobs;

/// <summary>
/// Drains one channel's stored updates; enqueued after the webhook stores one, and by "Retry failed updates". A Gmail
/// mailbox is drained by its own sync (it needs the mailbox's access token), so it is asked to sync now.
/// </summary>
public sealed class IntakeDrainJob(
    IDbContextFactory<CommHubDbContext> dbFactory, TelegramIntakeProcessor processor, IBackgroundJobClient jobs, HangfireIntakeSignal signal)
{
    [AutomaticRetry(Attempts = 0)] // the rows count their own attempts, and the sweep drains whatever is left
    public async Task RunAsync(int channelId, CancellationToken cancellationToken)
    {
        // From here on a new request queues a new job: this drain may already be past the rows it asks about.
        signal.Started(channelId);
        ChannelKind? kind;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            kind = await db.Channels.Where(c => c.Id == channelId).Select(c => (ChannelKind?)c.Kind).SingleOrDefaultAsync(cancellationToken);
        // The sync job itself, under its lock, so it never runs beside the mailbox's scheduled sync.
        if (kind == ChannelKind.Gmail) jobs.Enqueue<GmailPollJob>(job => job.RunAsync(channelId, CancellationToken.None));
        else if (kind == ChannelKind.Telegram) await processor.DrainIfIdleAsync(channelId, cancellationToken);
    }
}

/// <summary>
/// Every minute: drains every channel with pending rows (so updates stored before a restart, whose drain job was lost with
/// in-memory job storage, are processed), then purges done rows past <c>CommHub:Intake:RetentionDays</c>.
/// </summary>
public sealed class IntakeSweepJob(IntakeService intake, TelegramIntakeProcessor processor, ILogger<IntakeSweepJob> logger)
{
    public const string RecurringId = "intake-sweep";

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 0)] // the next run is the retry
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var channelId in await intake.ChannelsWithPendingAsync(cancellationToken))
            await processor.DrainIfIdleAsync(channelId, cancellationToken);
        var purged = await intake.PurgeAsync(cancellationToken);
        if (purged > 0) logger.LogInformation("Intake: purged {Count} updates past retention.", purged);
    }
}

/// <summary>
/// Asks for a drain as a Hangfire job, with at most one waiting per channel from this process, so a burst of webhook posts
/// queues one job rather than one per post. A channel's mark is cleared when its job starts here, or after
/// <see cref="MaxWait"/> (a job that another instance ran), so no request waits on a job that is not coming; the minute's
/// sweep is the backstop.
/// </summary>
public sealed class HangfireIntakeSignal(IBackgroundJobClient jobs, TimeProvider clock) : IIntakeSignal
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<int, long> queued = new();

    public void Drain(int channelId)
    {
        var now = clock.GetTimestamp();
        while (true)
        {
            if (queued.TryGetValue(channelId, out var at))
            {
                if (clock.GetElapsedTime(at) < MaxWait) return;
                if (queued.TryUpdate(channelId, now, at)) break;
            }
            else if (queued.TryAdd(channelId, now)) break;
        }
        jobs.Enqueue<IntakeDrainJob>(job => job.RunAsync(channelId, CancellationToken.None));
    }

    public void Started(int channelId) => queued.TryRemove(channelId, out _);
}
