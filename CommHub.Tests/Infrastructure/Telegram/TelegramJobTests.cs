using CommHub.Core.Channels;
using CommHub.Infrastructure.Jobs;
using CommHub.Infrastructure.Telegram;
using CommHub.Tests.Fakes;
using CommHub.Tests.TestSupport;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Infrastructure.Telegram;

public sealed class TelegramJobTests() : FakeTelegramTest("https://commhub.example")
{
    private List<string> RecurringIds()
    {
        using var connection = Factory.Services.GetRequiredService<JobStorage>().GetConnection();
        return Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(connection).Select(j => j.Id).ToList();
    }

    [Fact]
    public async Task EachBot_GetsAPollingJob_ThatDisablingOrDeletingRemoves()
    {
        var id = await Telegram.AddChannelAsync(Factory);
        Assert.Contains(TelegramPollJob.RecurringId(id), RecurringIds());

        await Factory.Services.GetRequiredService<ChannelService>().SetEnabledAsync(id, false, null);
        Assert.DoesNotContain(TelegramPollJob.RecurringId(id), RecurringIds());

        await Factory.Services.GetRequiredService<ChannelService>().SetEnabledAsync(id, true, null);
        await Factory.Services.GetRequiredService<TelegramChannelAdmin>().DeleteAsync(id, null);
        Assert.DoesNotContain(TelegramPollJob.RecurringId(id), RecurringIds());
    }

    [Fact]
    public async Task ABotOnAWebhook_IsNotPolled()
    {
        var id = await Telegram.AddChannelAsync(Factory, TelegramMode.Webhook);

        var result = await Factory.PollAsync(id);

        Assert.Equal(TelegramPollOutcome.Skipped, result.Outcome);
        Assert.DoesNotContain("getUpdates", Telegram.Calls);
    }
}

/// <summary>Polling jobs of different bots through the app's Hangfire, with real long polls.</summary>
public sealed class TelegramPollLockTests : FakeTelegramTest
{
    public TelegramPollLockTests()
    {
        Factory.Settings["CommHub:Telegram:LongPollSeconds"] = "4";
        Factory.Settings["CommHub:Telegram:PollWindowSeconds"] = "4";
    }

    [Fact]
    public async Task TwoBotsPolls_RunAtTheSameTime_BecauseTheLockIsPerChannel()
    {
        var first = await Telegram.AddChannelAsync(Factory);
        var second = await Telegram.AddChannelAsync(Factory);
        var jobs = Factory.Services.GetRequiredService<IBackgroundJobClient>();

        jobs.Enqueue<TelegramPollJob>(job => job.RunAsync(first, CancellationToken.None));
        jobs.Enqueue<TelegramPollJob>(job => job.RunAsync(second, CancellationToken.None));

        // Each holds a 4-second long poll; with one lock for all bots the second would wait for the first.
        var monitoring = Factory.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        await IntakeTestSupport.EventuallyAsync(() => Task.FromResult(monitoring.SucceededListCount()), done => done >= 2);
        Assert.Equal(2, Telegram.MaxConcurrentGetUpdates);
    }
}
