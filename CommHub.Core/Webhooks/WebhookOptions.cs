using System.ComponentModel.DataAnnotations;

namespace CommHub.Core.Webhooks;

/// <summary>Section <c>CommHub:Webhooks</c>: how outgoing webhooks are sent and retried.</summary>
public sealed class WebhookOptions
{
    public const string Section = "CommHub:Webhooks";

    /// <summary>
    /// Whether a subscription may post to private, loopback and link-local addresses (an intranet receiver). Off by default,
    /// so a webhook cannot be pointed at the server's own network (SSRF).
    /// </summary>
    public bool AllowPrivateAddresses { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(2);

    /// <summary>A delivery still failing this long after its event is given up.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Failed attempts in a row after which a subscription is disabled (with an audit entry and a banner).</summary>
    [Range(1, 10_000)]
    public int MaxConsecutiveFailures { get; set; } = 20;

    /// <summary>How long delivered and given-up deliveries stay in the delivery log.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan KeepLogFor { get; set; } = TimeSpan.FromDays(30);

    public bool HasValidDelays => FirstRetryDelay > TimeSpan.Zero && MaxRetryDelay >= FirstRetryDelay && GiveUpAfter >= FirstRetryDelay;
}
