using Microsoft.Extensions.Options;

namespace CommHub.Web.RateLimits;

/// <summary>How fast one user may send portal messages (<see cref="RateLimitOptions.MessageBurst"/>, then <see cref="RateLimitOptions.MessagesPerMinute"/>).</summary>
public sealed class MessageSendLimiter(IOptions<RateLimitOptions> options)
    : PerUserLimiter(options.Value.MessageBurst, options.Value.MessagesPerMinute)
{
    public const string TooFast = "You are sending messages too fast; wait a few seconds and try again.";

    /// <summary>Null when the user may send now; otherwise the message to show (nothing was sent).</summary>
    public string? TryAcquire(string userId) => Acquire(userId) ? null : TooFast;
}
