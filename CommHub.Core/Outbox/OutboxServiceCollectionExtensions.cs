using CommHub.Core.Common;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Core.Outbox;

public static class OutboxServiceCollectionExtensions
{
    /// <summary>Outbound: the outbox and its sending through each channel's connector.</summary>
    public static IServiceCollection AddOutbox(this IServiceCollection services)
    {
        services.AddSingleton<OutboxService>();
        services.AddValidatedOptions<OutboxOptions>(OutboxOptions.Section);
        return services;
    }
}
