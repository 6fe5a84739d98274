using CommHub.Core.Conversations;
using Microsoft.Extensions.Logging;

namespace CommHub.Infrastructure.Jobs;

/// <summary>Recurring: reopens conversations whose snooze has run out.</summary>
public sealed class SnoozeWakeUpJob(ConversationMaintenanceService maintenance, ILogger<SnoozeWakeUpJob> logger)
{
    public const string RecurringId = "snooze-wake-up";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var woken = await maintenance.WakeSnoozedAsync(cancellationToken);
        if (woken > 0) logger.LogInformation("Reopened {Count} snoozed conversation(s).", woken);
    }
}
