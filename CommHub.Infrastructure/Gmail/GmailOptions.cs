using System.ComponentModel.DataAnnotations;

namespace CommHub.Infrastructure.Gmail;

/// <summary>Section <c>CommHub:Gmail</c>. The endpoints are settings so tests (and proxies) can point elsewhere.</summary>
public sealed class GmailOptions
{
    public const string Section = "CommHub:Gmail";

    [Required, Url]
    public string ApiBaseUrl { get; set; } = "https://gmail.googleapis.com";

    [Required, Url]
    public string TokenEndpoint { get; set; } = "https://oauth2.googleapis.com/token";

    [Required, Url]
    public string AuthorizationEndpoint { get; set; } = "https://accounts.google.com/o/oauth2/v2/auth";

    /// <summary>
    /// The OAuth client every mailbox uses unless its own is entered on the channels page. Optional: without
    /// it the admin enters a client id and secret per mailbox.
    /// </summary>
    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Where Google sends the admin back; by default this site's /channels/gmail/callback as the browser reached it.
    /// Set it behind a proxy that changes the host or scheme. It must be registered with the OAuth client.</summary>
    [Url]
    public string? RedirectUri { get; set; }

    /// <summary>How long a started "Connect with Google" may take before its state expires.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromMinutes(10);

    public bool HasConfiguredClient => !string.IsNullOrWhiteSpace(ClientId) && !string.IsNullOrWhiteSpace(ClientSecret);

    /// <summary>How far back the first sync of a mailbox reaches.</summary>
    [Range(1, 365)]
    public int FirstSyncDays { get; set; } = 7;

    /// <summary>At most this many messages on a first sync (or a resync after the history ran out).</summary>
    [Range(1, 10_000)]
    public int FirstSyncMaxMessages { get; set; } = 500;

    /// <summary>A message larger than this is stored with its headers and marked too large, so it cannot stall the mailbox.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxMessageBytes { get; set; } = 35 * 1024 * 1024;
}
