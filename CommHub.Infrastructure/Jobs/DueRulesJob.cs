using CommHub.Core.Rules;
using Microsoft.Extensions.Logging;

namespace CommHub.Infrastructure.Jobs;

/// <summary>
/// Recurring: runs the rules of customer messages that were stored but whose rules never ran (the process stopped between
/// the two). Rules run once per message, so this never repeats an auto-reply.
/// </summary>
public sealed class DueRulesJob(RuleEngine rules, ILogger<DueRulesJob> logger)
{
    public const string RecurringId = "due-rules";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var looked = await rules.RunDueAsync(cancellationToken);
        if (looked > 0) logger.LogInformation("Ran the rules still due on {Count} stored message(s).", looked);
    }
}
