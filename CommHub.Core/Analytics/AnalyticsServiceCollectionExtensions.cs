using CommHub.Core.Common;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Core.Analytics;

public static class AnalyticsServiceCollectionExtensions
{
    public static IServiceCollection AddAnalytics(this IServiceCollection services)
    {
        services.AddSingleton<AnalyticsJournal>();
        services.AddSingleton<AnalyticsFolder>();
        services.AddSingleton<AnalyticsService>();
        services.AddValidatedOptions<AnalyticsOptions>(AnalyticsOptions.Section);
        return services;
    }
}
