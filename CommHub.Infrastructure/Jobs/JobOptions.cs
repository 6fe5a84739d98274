using System.ComponentModel.DataAnnotations;

namespace CommHub.Infrastructure.Jobs;

/// <summary>Hangfire queues (lower-case letters only, as Hangfire wants).</summary>
public static class JobQueues
{
    /// <summary>The channels' polling jobs (Telegram getUpdates, Gmail sync), served by their own workers.</summary>
    public const string Polling = "polling";

    /// <summary>Image processing (thumbnails, cleaned copies), served by its own few workers so sends never wait behind it.</summary>
    public const string Media = "media";
}

/// <summary>Section <c>CommHub:Jobs</c>.</summary>
public sealed class JobOptions
{
    public const string Section = "CommHub:Jobs";

    /// <summary>Hangfire workers in this process for the default queue: sends, sweeps, webhook updates (not polling, not images).</summary>
    [Range(1, 64)]
    public int WorkerCount { get; set; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>
    /// Workers of the <see cref="JobQueues.Polling"/> queue, apart from the others: a Telegram bot's poll holds one while it
    /// long-polls, so polling never takes the workers that send replies and process files. One per polling bot or mailbox
    /// keeps each on its minute.
    /// </summary>
    [Range(1, 64)]
    public int PollingWorkerCount { get; set; } = 4;

    /// <summary>
    /// Workers of the <see cref="JobQueues.Media"/> queue, apart from the others: images are decoded one at a time per worker,
    /// so this bounds the CPU and memory image work can take (about <c>MaxDecodeBytes</c> each), whatever is uploaded.
    /// </summary>
    [Range(1, 16)]
    public int MediaWorkerCount { get; set; } = 1;

    /// <summary>How often due work (snoozes, outbox, media) is swept; a cron expression.</summary>
    [Required]
    public string SweepCron { get; set; } = "* * * * *";
}
