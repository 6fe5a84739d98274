using CommHub.Core.Webhooks;
using Hangfire;

namespace CommHub.Infrastructure.Webhooks;

/// <summary>Drains the webhook queue; recurring as a sweep, and enqueued when new events or deliveries are committed.</summary>
public sealed class WebhookJob(WebhookDispatcher dispatcher)
{
    public const string RecurringId = "webhooks";

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 0)] // the dispatcher counts its own attempts
    public Task RunAsync(CancellationToken cancellationToken) => dispatcher.RunAsync(cancellationToken);
}
