using System.ComponentModel.DataAnnotations;

namespace CommHub.Web.Features.Crew;

/// <summary>Section <c>CommHub:Crew</c>: how the crew pages treat photos and bad connections on the phone.</summary>
public sealed class CrewOptions
{
    public const string Section = "CommHub:Crew";

    /// <summary>Photos are scaled down on the phone so their longest side is at most this (unless "original quality").</summary>
    [Range(320, 10_000)]
    public int MaxImageSide { get; set; } = 2560;

    /// <summary>JPEG quality of a scaled-down photo, 0 to 1.</summary>
    [Range(0.3, 1.0)]
    public double JpegQuality { get; set; } = 0.85;

    /// <summary>First wait before an upload or message is tried again after a dropped connection; it doubles up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the phone looks for its position before saying it could not find one.</summary>
    public TimeSpan LocationTimeout { get; set; } = TimeSpan.FromSeconds(20);
}
