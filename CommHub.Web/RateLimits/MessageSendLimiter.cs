using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace CommHub.Web.RateLimits;

/// <summary>
/// How fast one user may send messages from a live page. Portal sends run inside the Blazor circuit, not as HTTP
/// requests, so the rate-limiting middleware never sees them; this is the same kind of limiter, keyed by user id.
/// </summary>
public sealed class MessageSendLimiter : IDisposable
{
    public const string TooFast = "You are sending messages too fast; wait a few seconds and try again.";

    private readonly PartitionedRateLimiter<string> limiter;

    public MessageSendLimiter(IOptions<RateLimitOptions> options)
    {
        var limits = options.Value;
        limiter = PartitionedRateLimiter.Create<string, string>(userId => RateLimitPartition.GetTokenBucketLimiter(userId, _ =>
            new TokenBucketRateLimiterOptions
            {
                TokenLimit = limits.MessageBurst,
                TokensPerPeriod = 1,
                ReplenishmentPeriod = TimeSpan.FromMinutes(1) / limits.MessagesPerMinute,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <summary>Null when the user may send now; otherwise the message to show (nothing was sent).</summary>
    public string? TryAcquire(string userId)
    {
        using var lease = limiter.AttemptAcquire(userId);
        return lease.IsAcquired ? null : TooFast;
    }

    public void Dispose() => limiter.Dispose();
}
