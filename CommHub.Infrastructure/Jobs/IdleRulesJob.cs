using CommHub.Core.Rules;
using Microsoft.Extensions.Logging;

namespace CommHub.Infrastructure.Jobs;

/// <summary>Recurring: fires "conversation idle" rules whose interval has passed; a fired rule is not fired again for the same wait.</summary>
public sealed class IdleRulesJob(RuleEngine rules, ILogger<IdleRulesJob> logger)
{
    public const string RecurringId = "idle-rules";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var fired = await rules.RunIdleAsync(cancellationToken);
        if (fired > 0) logger.LogInformation("Idle rules fired {Count} time(s).", fired);
    }
}
