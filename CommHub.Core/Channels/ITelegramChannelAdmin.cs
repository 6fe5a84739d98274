using CommHub.Core.Common;

namespace CommHub.Core.Channels;

/// <summary>How a Telegram bot receives its updates.</summary>
public enum TelegramMode
{
    Polling = 0,
    Webhook = 1,
}

/// <summary>A Telegram channel as its settings dialog shows it: never the token itself, only its masked form.</summary>
public sealed record TelegramChannelView(int Id, string Name, TelegramMode Mode, string? BotUsername, string? Greeting, string MaskedToken);

/// <summary>
/// Adding and managing Telegram bots (the channels page and the API): the use cases, behind a port, so the UI depends on
/// Core only; the connector that talks to Telegram implements it in Infrastructure.
/// </summary>
public interface ITelegramChannelAdmin
{
    /// <summary>Whether webhook mode can be offered: it needs the app's public address.</summary>
    bool WebhookAvailable { get; }

    /// <summary>Asks Telegram who the token belongs to: the bot's @username, or why not.</summary>
    Task<OperationResult<string>> TestConnectionAsync(string token, CancellationToken cancellationToken = default);

    /// <summary>"Test connection" of a connected bot: getMe with its stored token; the bot's @username, or why not.</summary>
    Task<OperationResult<string>> TestChannelAsync(int channelId, CancellationToken cancellationToken = default);

    Task<OperationResult<int>> AddAsync(string token, TelegramMode mode, string? greeting, string? actingUserId = null, CancellationToken cancellationToken = default);

    Task<TelegramChannelView?> GetAsync(int channelId, CancellationToken cancellationToken = default);

    Task<OperationResult> UpdateAsync(int channelId, TelegramMode mode, string? greeting, string? actingUserId = null, CancellationToken cancellationToken = default);

    Task<OperationResult> SetEnabledAsync(int channelId, bool enabled, string? actingUserId, CancellationToken cancellationToken = default);

    /// <summary>Stops the bot's webhook (best effort), then deletes the channel; its conversations stay.</summary>
    Task<OperationResult> DeleteAsync(int channelId, string? actingUserId, CancellationToken cancellationToken = default);
}
