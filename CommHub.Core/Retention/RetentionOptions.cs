using System.ComponentModel.DataAnnotations;

namespace CommHub.Core.Retention;

/// <summary>Section <c>CommHub:Retention</c>.</summary>
public sealed class RetentionOptions
{
    public const string Section = "CommHub:Retention";

    /// <summary>Messages deleted per transaction: small enough that the inbox's writers never wait long behind one.</summary>
    [Range(1, 20_000)]
    public int BatchSize { get; set; } = 2000;

    /// <summary>Pending blob deletes read per round.</summary>
    [Range(1, 10_000)]
    public int BlobBatchSize { get; set; } = 500;

    /// <summary>When the run starts; a cron expression (default: every day at 03:15 UTC).</summary>
    [Required]
    public string Cron { get; set; } = "15 3 * * *";

    /// <summary>Where a channel without business hours counts its days.</summary>
    [Required]
    public string DefaultTimeZone { get; set; } = "UTC";
}
