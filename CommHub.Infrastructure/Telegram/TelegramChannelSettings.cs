using System.Text.Json;
using CommHub.Core.Channels;

namespace CommHub.Infrastructure.Telegram;

/// <summary>A Telegram channel's non-secret settings, kept as the channel's SettingsJson.</summary>
public sealed record TelegramChannelSettings(TelegramMode Mode = TelegramMode.Polling, string? BotUsername = null, string? Greeting = null)
{
    public const string BotTokenKey = "botToken";
    public const string WebhookSecretKey = "webhookSecret";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static TelegramChannelSettings Of(Channel channel)
    {
        try
        {
            return JsonSerializer.Deserialize<TelegramChannelSettings>(channel.SettingsJson, Json) ?? new();
        }
        catch (JsonException)
        {
            return new();
        }
    }

    public void WriteTo(Channel channel) => channel.SettingsJson = JsonSerializer.Serialize(this, Json);
}
