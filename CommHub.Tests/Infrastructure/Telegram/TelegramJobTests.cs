using CommHub.Core.Channels;
using CommHub.Infrastructure.Jobs;
using CommHub.Infrastructure.Telegram;
using CommHub.Tests.Fakes;
using CommHub.Tests.TestSupport;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Infrastructure.Telegram;

public sealed class TelegramJobTests : IAsyncLifetime
{
    private readonly FakeTelegram telegram = new();
    private readonly CommHubFactory factory = new();

    public TelegramJobTests()
    {
        telegram.Configure(factory, publicBaseUrl: "https://commhub.example");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await factory.DisposeAsync();
        await telegram.DisposeAsync();
    }

    private List<string> RecurringIds()
    {
        using var connection = factory.Services.GetRequiredService<JobStorage>().GetConnection();
        return Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(connection).Select(j => j.Id).ToList();
    }

    [Fact]
    public async Task EachBot_GetsAPollingJob_ThatDisablingOrDeletingRemoves()
    {
        var id = await telegram.AddChannelAsync(factory);
        Assert.Contains(TelegramPollJob.RecurringId(id), RecurringIds());

        await factory.Services.GetRequiredService<ChannelService>().SetEnabledAsync(id, false, null);
        Assert.DoesNotContain(TelegramPollJob.RecurringId(id), RecurringIds());

        await factory.Services.GetRequiredService<ChannelService>().SetEnabledAsync(id, true, null);
        await factory.Services.GetRequiredService<TelegramChannelAdmin>().DeleteAsync(id, null);
        Assert.DoesNotContain(TelegramPollJob.RecurringId(id), RecurringIds());
    }

    [Fact]
    public async Task ABotOnAWebhook_IsNotPolled()
    {
        var id = await telegram.AddChannelAsync(factory, TelegramMode.Webhook);

        var result = await factory.PollAsync(id);

        Assert.Equal(TelegramPollOutcome.Skipped, result.Outcome);
        Assert.DoesNotContain("getUpdates", telegram.Calls);
    }
}
