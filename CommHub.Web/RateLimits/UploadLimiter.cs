using Microsoft.Extensions.Options;

namespace CommHub.Web.RateLimits;

/// <summary>How fast one user may upload files in a composer (<see cref="RateLimitOptions.UploadBurst"/>, then <see cref="RateLimitOptions.UploadsPerMinute"/>).</summary>
public sealed class UploadLimiter(IOptions<RateLimitOptions> options)
    : PerUserLimiter(options.Value.UploadBurst, options.Value.UploadsPerMinute)
{
    public const string TooFast = "You are uploading files too fast; wait a minute and try again.";

    /// <summary>Null when the user may upload one more file now; otherwise the message to show beside the file.</summary>
    public string? TryAcquire(string userId) => Acquire(userId) ? null : TooFast;
}
