using CommHub.Infrastructure.Jobs;
using CommHub.Tests.TestSupport;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Infrastructure.Jobs;

public sealed class JobRegistrationTests(CommHubFactory factory) : IClassFixture<CommHubFactory>
{
    [Fact]
    public async Task EachEnabledGmailChannel_GetsItsOwnSyncJob_AndADisabledOneNone()
    {
        int enabled, disabled;
        await using (var db = await factory.CreateDbAsync())
        {
            var a = new CommHub.Core.Channels.Channel { Kind = CommHub.Core.Channels.ChannelKind.Gmail, Name = "a@example.com" };
            var b = new CommHub.Core.Channels.Channel { Kind = CommHub.Core.Channels.ChannelKind.Gmail, Name = "b@example.com", Enabled = false };
            db.Channels.AddRange(a, b);
            await db.SaveChangesAsync();
            (enabled, disabled) = (a.Id, b.Id);
        }

        await factory.Services.GetRequiredService<ChannelJobScheduler>().ScheduleAllAsync();

        using var connection = factory.Services.GetRequiredService<JobStorage>().GetConnection();
        var ids = connection.GetRecurringJobs().Select(j => j.Id).ToList();
        Assert.Contains(GmailPollJob.RecurringId(enabled), ids);
        Assert.DoesNotContain(GmailPollJob.RecurringId(disabled), ids);
    }

    [Fact]
    public async Task ChannelPolling_HasItsOwnWorkers_ApartFromTheOtherWork()
    {
        var monitoring = factory.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var until = DateTime.UtcNow.AddSeconds(20);
        while (monitoring.Servers().Count < 2 && DateTime.UtcNow < until) await Task.Delay(100);

        var servers = monitoring.Servers();
        Assert.Contains(servers, s => s.Queues.SequenceEqual([JobQueues.Polling]) && s.WorkersCount == 4);
        Assert.Contains(servers, s => s.Queues.SequenceEqual(["default"]));
        var pollMethods = new[] { typeof(GmailPollJob), typeof(TelegramPollJob) }.Select(t => t.GetMethod("RunAsync")!);
        Assert.All(pollMethods, m => Assert.Equal(JobQueues.Polling, Assert.Single(m.GetCustomAttributes(typeof(QueueAttribute), false).Cast<QueueAttribute>()).Queue));
    }

    [Fact]
    public void RecurringSweeps_AreRegistered_InThisHostsOwnStorage()
    {
        var storage = factory.Services.GetRequiredService<JobStorage>();

        using var connection = storage.GetConnection();
        var recurring = connection.GetRecurringJobs();

        Assert.Contains(recurring, j => j.Id == SnoozeWakeUpJob.RecurringId && j.Cron == "* * * * *");
        Assert.Contains(recurring, j => j.Id == AttachmentSweepJob.RecurringId);
        Assert.Contains(recurring, j => j.Id == OutboxJob.RecurringId);
        Assert.Contains(recurring, j => j.Id == IdleRulesJob.RecurringId && j.Cron == "* * * * *");
        Assert.Contains(recurring, j => j.Id == DueRulesJob.RecurringId && j.Cron == "* * * * *");
        Assert.Contains(recurring, j => j.Id == AnalyticsFoldJob.RecurringId && j.Cron == "* * * * *");
        Assert.Contains(recurring, j => j.Id == RetentionJob.RecurringId && j.Cron == "15 3 * * *");
        using var other = new CommHubFactory();
        Assert.NotSame(storage, other.Services.GetRequiredService<JobStorage>());
        // Jobs are built from the host's own container, whatever other hosts the process runs.
        Assert.NotSame(factory.Services.GetRequiredService<JobActivator>(), other.Services.GetRequiredService<JobActivator>());
    }
}
