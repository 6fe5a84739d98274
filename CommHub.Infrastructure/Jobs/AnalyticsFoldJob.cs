using CommHub.Core.Analytics;
using Hangfire;
using Microsoft.Extensions.Logging;

namespace CommHub.Infrastructure.Jobs;

/// <summary>Recurring: folds what happened since the last run into the analytics rollups (safe on any number of instances).</summary>
public sealed class AnalyticsFoldJob(AnalyticsFolder folder, ILogger<AnalyticsFoldJob> logger)
{
    public const string RecurringId = "analytics-fold";

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var folded = await folder.FoldAsync(cancellationToken: cancellationToken);
        if (folded > 0) logger.LogInformation("Folded {Count} analytics event(s).", folded);
    }
}
