using System.ComponentModel.DataAnnotations;

namespace CommHub.Infrastructure.Jobs;

/// <summary>Section <c>CommHub:Jobs</c>.</summary>
public sealed class JobOptions
{
    public const string Section = "CommHub:Jobs";

    /// <summary>Hangfire workers in this process.</summary>
    [Range(1, 64)]
    public int WorkerCount { get; set; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>How often due work (snoozes, outbox, media) is swept; a cron expression.</summary>
    [Required]
    public string SweepCron { get; set; } = "* * * * *";
}
