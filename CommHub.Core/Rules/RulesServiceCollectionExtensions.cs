using CommHub.Core.Common;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Core.Rules;

public static class RulesServiceCollectionExtensions
{
    /// <summary>Auto-response rules: their admin and the engine that runs them.</summary>
    public static IServiceCollection AddRules(this IServiceCollection services)
    {
        services.AddSingleton<RuleEngine>();
        services.AddSingleton<RuleService>();
        services.AddValidatedOptions<RuleOptions>(RuleOptions.Section);
        return services;
    }
}
