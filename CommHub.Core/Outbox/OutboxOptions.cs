using System.ComponentModel.DataAnnotations;

namespace CommHub.Core.Outbox;

/// <summary>Section <c>CommHub:Outbox</c>: retries of sends through a channel.</summary>
public sealed class OutboxOptions
{
    public const string Section = "CommHub:Outbox";

    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 6;

    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// A send still "Sending" this long after it started was interrupted (the worker died, or its result could not be
    /// saved): it becomes Unknown for a person to check, never sent again by itself.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan AbandonedAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a send waits before looking again whether its photos' cleaned copies are ready (not an attempt).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MediaWaitDelay { get; set; } = TimeSpan.FromSeconds(15);
}
