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
