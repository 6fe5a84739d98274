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
public sealed class IntakeDrainJob(IDbContextFactory<CommHubDbContext> dbFactory, TelegramIntakeProcessor processor, IBackgroundJobClient jobs)
{
    [AutomaticRetry(Attempts = 0)] // the rows count their own attempts, and the sweep drains whatever is left
    public async Task RunAsync(int channelId, CancellationToken cancellationToken)
    {
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

internal sealed class HangfireIntakeSignal(IBackgroundJobClient jobs) : IIntakeSignal
{
    public void Drain(int channelId) => jobs.Enqueue<IntakeDrainJob>(job => job.RunAsync(channelId, CancellationToken.None));
}
