using System.Text.Json;
using System.Text.Json.Serialization;
using CommHub.Core.Channels;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Requests;

namespace CommHub.Infrastructure.Telegram;

/// <summary>The production Telegram.Bot client for a bot token, pointed at the configured Bot API address.</summary>
public sealed class TelegramBots(IHttpClientFactory http, ChannelSecrets secrets, IOptions<TelegramOptions> options)
{
    public const string HttpClientName = "telegram";

    /// <exception cref="ArgumentException">The token does not have a bot token's shape.</exception>
    public ITelegramBotClient For(string token) =>
        // No retries inside the client: the outbox and the polling job decide when to try again.
        new TelegramBotClient(new TelegramBotClientOptions(token, options.Value.ApiBaseUrl) { RetryCount = 0 }, http.CreateClient(HttpClientName));

    public ITelegramBotClient For(Channel channel) =>
        For(Token(channel) ?? throw new InvalidOperationException($"Channel {channel.Id} has no bot token."));

    public string? Token(Channel channel) => secrets.Read(channel).GetValueOrDefault(TelegramChannelSettings.BotTokenKey);
}

/// <summary>
/// getUpdates answered as raw JSON, one element per update: a malformed update is then one bad element, read and skipped
/// on its own, instead of an answer the client cannot read at all, which would stall polling for good.
/// </summary>
internal sealed class RawGetUpdatesRequest() : RequestBase<JsonElement[]>("getUpdates")
{
    [JsonPropertyName("offset")]
    public long? Offset { get; init; }

    [JsonPropertyName("limit")]
    public int? Limit { get; init; }

    [JsonPropertyName("timeout")]
    public int? Timeout { get; init; }

    [JsonPropertyName("allowed_updates")]
    public IEnumerable<string>? AllowedUpdates { get; init; }

    /// <summary>The updates a help desk reads.</summary>
    public static readonly string[] Wanted = ["message", "edited_message", "channel_post", "edited_channel_post"];
}
