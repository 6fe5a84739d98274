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
}
