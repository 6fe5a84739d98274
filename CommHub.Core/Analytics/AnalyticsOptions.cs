using System.ComponentModel.DataAnnotations;

namespace CommHub.Core.Analytics;

/// <summary>Section <c>CommHub:Analytics</c>.</summary>
public sealed class AnalyticsOptions
{
    public const string Section = "CommHub:Analytics";
    internal const int StateId = 1;

    /// <summary>Journal events folded per transaction.</summary>
    [Range(100, 50_000)]
    public int FoldBatchSize { get; set; } = 5_000;

    /// <summary>How often the fold runs; a cron expression. The page shows how old its figures are.</summary>
    [Required]
    public string FoldCron { get; set; } = "* * * * *";
}
