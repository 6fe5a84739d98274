namespace CommHub.Core.Ingest;

public enum InboundUpdateState
{
    /// <summary>Stored, not yet turned into messages.</summary>
    Pending = 0,
    Processed = 1,
    /// <summary>Failed <see cref="IntakeOptions.MaxAttempts"/> times; kept (with its error) until retried or past retention.</summary>
    Failed = 2,
    /// <summary>Read, but nothing the app shows (an unknown update type, a service message) or malformed: counted, not stored.</summary>
    Skipped = 3,
}

/// <summary>
/// One raw update as a channel delivered it, stored before the channel is told "received" (a webhook's 200, a polling
/// offset), so nothing acknowledged lives only in memory or a job argument. A processor turns rows into messages later.
/// </summary>
public class InboundUpdate
{
    public long Id { get; set; }
    public int ChannelId { get; set; }

    /// <summary>The channel's own id of the update (Telegram's update_id as a decimal string), or a content hash when it has none.</summary>
    public string ExternalId { get; set; } = "";

    /// <summary>The update exactly as received (JSON text).</summary>
    public string Payload { get; set; } = "";

    public DateTime ReceivedAt { get; set; }
    public DateTime? ProcessedAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public InboundUpdateState State { get; set; }

    /// <summary>For a skipped row: what kind of update it was ("poll", "reaction", "malformed"…), counted per kind on /channels.</summary>
    public string? SkipKind { get; set; }
}
