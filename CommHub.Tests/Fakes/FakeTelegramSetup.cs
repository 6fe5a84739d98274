using CommHub.Core.Channels;
using CommHub.Infrastructure.Telegram;
using CommHub.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Fakes;

/// <summary>Points an app at a <see cref="FakeTelegram"/> and gives it a bot channel.</summary>
public static class FakeTelegramSetup
{
    public static void Configure(this FakeTelegram telegram, CommHubFactory factory, string? publicBaseUrl = null)
    {
        factory.Settings["CommHub:Telegram:ApiBaseUrl"] = telegram.BaseUrl;
        // A test polls once, without waiting for updates that will not come.
        factory.Settings["CommHub:Telegram:LongPollSeconds"] = "0";
        factory.Settings["CommHub:Telegram:PollWindowSeconds"] = "0";
        factory.Settings["CommHub:Telegram:PerChatInterval"] = "00:00:00";
        if (publicBaseUrl is not null) factory.Settings["CommHub:Telegram:PublicBaseUrl"] = publicBaseUrl;
    }

    /// <summary>A channel for this fake's bot, added the way an admin adds one.</summary>
    public static async Task<int> AddChannelAsync(this FakeTelegram telegram, CommHubFactory factory, TelegramMode mode = TelegramMode.Polling, string? greeting = null)
    {
        var result = await factory.Services.GetRequiredService<TelegramChannelAdmin>().AddAsync(telegram.Token, mode, greeting);
        Assert.True(result.Succeeded, result.ErrorText);
        return result.Value;
    }

    public static Task<TelegramPollResult> PollAsync(this CommHubFactory factory, int channelId) =>
        factory.Services.GetRequiredService<TelegramInboundService>().PollAsync(channelId);

    public static async Task<Channel> ChannelAsync(this CommHubFactory factory, int channelId)
    {
        await using var db = await factory.CreateDbAsync();
        return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Channels, c => c.Id == channelId);
    }
}
