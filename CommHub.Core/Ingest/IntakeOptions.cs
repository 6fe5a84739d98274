using System.ComponentModel.DataAnnotations;

namespace CommHub.Core.Ingest;

/// <summary>Section <c>CommHub:Intake</c>: the raw inbound updates table.</summary>
public sealed class IntakeOptions
{
    public const string Section = "CommHub:Intake";

    /// <summary>Processed and skipped rows (and failed ones) are kept this many days for replay, then purged.</summary>
    [Range(1, 3650)]
    public int RetentionDays { get; set; } = 7;

    /// <summary>An update whose processing throws this many times is marked failed and no longer tried by itself.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Rows processed together (one ingest batch).</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 100;
}
