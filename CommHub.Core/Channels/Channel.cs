using CommHub.Core.Common;

namespace CommHub.Core.Channels;

public enum ChannelKind
{
    Portal = 0,
    Telegram = 1,
    Gmail = 2,
    Crew = 3,
}

public enum ChannelStatus
{
    Active = 0,
    Disabled = 1,
    Error = 2,
    /// <summary>Credentials no longer work (for example a revoked OAuth grant); polling pauses until reconnected.</summary>
    Disconnected = 3,
}

public class Channel : IAuditable
{
    public int Id { get; set; }
    public ChannelKind Kind { get; set; }
    public string Name { get; set; } = "";
    public bool Enabled { get; set; } = true;
    public ChannelStatus Status { get; set; }
    public string? LastError { get; set; }
    public DateTime? LastErrorAt { get; set; }

    /// <summary>Problems that did not stop the channel (a malformed update), counted for the admin.</summary>
    public int ErrorCount { get; set; }

    /// <summary>Set when an admin deleted the channel: it is gone from the list and does nothing, its conversations stay.</summary>
    public DateTime? DeletedAt { get; set; }

    /// <summary>Non-secret settings as JSON (webhook or polling mode, greeting, signature...).</summary>
    public string SettingsJson { get; set; } = "{}";

    /// <summary>Secrets (bot token, OAuth refresh token) as JSON, encrypted with Data Protection; never stored in clear.</summary>
    public string? ProtectedSecrets { get; set; }

    /// <summary>Where inbound sync resumes: Telegram's update offset, Gmail's history id.</summary>
    public string? SyncCursor { get; set; }

    public DateTime? LastInboundAt { get; set; }

    /// <summary>Messages older than this many days are deleted by the retention job; null keeps them forever.</summary>
    public int? RetentionDays { get; set; }

    /// <summary>Weekly schedule used by the "outside business hours" rule condition.</summary>
    public BusinessHours? BusinessHours { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
