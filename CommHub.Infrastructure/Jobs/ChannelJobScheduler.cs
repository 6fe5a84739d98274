using CommHub.Core.Channels;
using CommHub.Core.Data;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace CommHub.Infrastructure.Jobs;

/// <summary>
/// Keeps one recurring polling job per enabled Gmail mailbox and Telegram bot, and none for the others. A bot on a webhook
/// has one too and returns at once, so switching modes needs no rescheduling.
/// </summary>
public sealed class ChannelJobScheduler(IDbContextFactory<CommHubDbContext> dbFactory, IRecurringJobManager jobs) : IChannelJobs
{
    public const string PollCron = "* * * * *";

    public async Task ScheduleAllAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var polled = await db.Channels.Where(c => c.Kind == ChannelKind.Gmail || c.Kind == ChannelKind.Telegram)
            .Select(c => new { c.Id, c.Kind, c.Enabled }).ToListAsync(cancellationToken);
        foreach (var channel in polled) Schedule(channel.Id, channel.Kind, channel.Enabled);
    }

    public void Schedule(int channelId, ChannelKind kind, bool enabled)
    {
        if (RecurringId(channelId, kind) is not { } id) return;
        if (!enabled) jobs.RemoveIfExists(id);
        else if (kind == ChannelKind.Gmail) jobs.AddOrUpdate<GmailPollJob>(id, job => job.RunAsync(channelId, CancellationToken.None), PollCron);
        else jobs.AddOrUpdate<TelegramPollJob>(id, job => job.RunAsync(channelId, CancellationToken.None), PollCron);
    }

    public void PollNow(int channelId, ChannelKind kind)
    {
        if (RecurringId(channelId, kind) is { } id) jobs.Trigger(id);
    }

    private static string? RecurringId(int channelId, ChannelKind kind) => kind switch
    {
        ChannelKind.Gmail => GmailPollJob.RecurringId(channelId),
        ChannelKind.Telegram => TelegramPollJob.RecurringId(channelId),
        _ => null,
    };
}
