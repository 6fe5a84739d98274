using CommHub.Core.Outbox;
using Hangfire;

namespace CommHub.Infrastructure.Jobs;

/// <summary>Sends what is due in the outbox; recurring as a sweep, and enqueued right after a reply.</summary>
public sealed class OutboxJob(OutboxService outbox)
{
    public const string RecurringId = "outbox";

    [DisableConcurrentExecution(timeoutInSeconds: 60)] // two runs at once would race for the same items
    [AutomaticRetry(Attempts = 0)] // the outbox counts its own attempts
    public Task RunAsync(CancellationToken cancellationToken) => outbox.SendDueAsync(cancellationToken);
}

internal sealed class HangfireOutboxSignal(IBackgroundJobClient jobs) : IOutboxSignal
{
    public void Signal() => jobs.Enqueue<OutboxJob>(job => job.RunAsync(CancellationToken.None));
}
