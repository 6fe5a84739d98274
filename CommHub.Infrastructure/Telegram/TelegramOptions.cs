using System.ComponentModel.DataAnnotations;

namespace CommHub.Infrastructure.Telegram;

/// <summary>Section <c>CommHub:Telegram</c>. The API address is a setting so tests (and a local Bot API server) can point elsewhere.</summary>
public sealed class TelegramOptions
{
    public const string Section = "CommHub:Telegram";

    [Required, Url]
    public string ApiBaseUrl { get; set; } = "https://api.telegram.org";

    /// <summary>This app's public https address, which Telegram posts webhooks to; without it only polling is offered.</summary>
    [Url]
    public string? PublicBaseUrl { get; set; }

    /// <summary>getUpdates long-poll timeout: Telegram holds the request this long when nothing is waiting.</summary>
    [Range(0, 50)]
    public int LongPollSeconds { get; set; } = 20;

    /// <summary>How long one run of the polling job keeps polling (it runs every minute); 0 polls once.</summary>
    [Range(0, 55)]
    public int PollWindowSeconds { get; set; } = 45;

    /// <summary>The greeting a new conversation gets on /start, unless the channel has its own.</summary>
    [Required]
    public string Greeting { get; set; } = "Hello! Write your question here and one of our team will answer in this chat.";

    /// <summary>Bots may download files up to 20 MB (Bot API getFile).</summary>
    [Range(1, long.MaxValue)]
    public long MaxDownloadBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>Pacing: at least this long between two messages to one chat (Telegram allows about one per second).</summary>
    public TimeSpan PerChatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Pacing: at most this many messages a minute to one group (Telegram allows 20).</summary>
    [Range(1, 1000)]
    public int GroupMessagesPerMinute { get; set; } = 20;
}
