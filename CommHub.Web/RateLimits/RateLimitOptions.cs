using System.ComponentModel.DataAnnotations;

namespace CommHub.Web.RateLimits;

/// <summary>Section <c>CommHub:RateLimits</c>: how fast one client, user or channel may go before it gets 429.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "CommHub:RateLimits";

    /// <summary>Sign-in form posts a minute from one client address (the per-account throttle comes on top).</summary>
    [Range(1, 1_000_000)]
    public int SignInPerMinute { get; set; } = 20;

    /// <summary>Registration form posts a minute from one client address.</summary>
    [Range(1, 1_000_000)]
    public int RegistrationsPerMinute { get; set; } = 5;

    /// <summary>Webhook posts a second to one Telegram channel (Telegram sends up to 40 at once).</summary>
    [Range(1, 1_000_000)]
    public int TelegramWebhookPerSecond { get; set; } = 200;

    /// <summary>Messages one portal user may send in a burst before <see cref="MessagesPerMinute"/> applies.</summary>
    [Range(1, 1_000_000)]
    public int MessageBurst { get; set; } = 10;

    /// <summary>Messages a minute one portal user may send once the burst is spent.</summary>
    [Range(1, 1_000_000)]
    public int MessagesPerMinute { get; set; } = 30;

    /// <summary>Files one user may upload in a burst before <see cref="UploadsPerMinute"/> applies.</summary>
    [Range(1, 1_000_000)]
    public int UploadBurst { get; set; } = 20;

    /// <summary>Files a minute one user may upload once the burst is spent.</summary>
    [Range(1, 1_000_000)]
    public int UploadsPerMinute { get; set; } = 60;

    /// <summary>API requests one personal access token may make in a burst before <see cref="ApiPerMinute"/> applies.</summary>
    [Range(1, 1_000_000)]
    public int ApiBurst { get; set; } = 100;

    /// <summary>API requests a minute one personal access token may make once the burst is spent.</summary>
    [Range(1, 1_000_000)]
    public int ApiPerMinute { get; set; } = 600;
}
