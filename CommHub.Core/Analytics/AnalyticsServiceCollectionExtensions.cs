using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Core.Analytics;

public static class AnalyticsServiceCollectionExtensions
{
    public static IServiceCollection AddAnalytics(this IServiceCollection services)
    {
        services.AddSingleton<AnalyticsJournal>();
        services.AddSingleton<AnalyticsFolder>();
        services.AddSingleton<AnalyticsService>();
        services.AddOptions<AnalyticsOptions>().BindConfiguration(AnalyticsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}
