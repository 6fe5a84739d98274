using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Core.Portal;

public static class PortalServiceCollectionExtensions
{
    /// <summary>The customer portal: accounts and their conversations.</summary>
    public static IServiceCollection AddPortal(this IServiceCollection services)
    {
        services.AddSingleton<CustomerAccounts>();
        services.AddSingleton<PortalService>();
        return services;
    }
}
