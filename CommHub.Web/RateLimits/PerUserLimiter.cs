using System.Threading.RateLimiting;

namespace CommHub.Web.RateLimits;

/// <summary>
/// A token bucket per user for what a live page does over its circuit rather than as HTTP requests (sends, uploads),
/// which the rate-limiting middleware never sees.
/// </summary>
public abstract class PerUserLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter;

    protected PerUserLimiter(int burst, int perMinute) =>
        limiter = PartitionedRateLimiter.Create<string, string>(userId => RateLimitPartition.GetTokenBucketLimiter(userId, _ =>
            new TokenBucketRateLimiterOptions
            {
                TokenLimit = burst,
                TokensPerPeriod = 1,
                ReplenishmentPeriod = TimeSpan.FromMinutes(1) / perMinute,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));

    /// <summary>Whether the user may go ahead now (one token taken) or must wait.</summary>
    protected bool Acquire(string userId)
    {
        using var lease = limiter.AttemptAcquire(userId);
        return lease.IsAcquired;
    }

    public void Dispose()
    {
        limiter.Dispose();
        GC.SuppressFinalize(this);
    }
}
