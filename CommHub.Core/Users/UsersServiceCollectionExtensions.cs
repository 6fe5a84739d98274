using CommHub.Core.Common;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Core.Users;

public static class UsersServiceCollectionExtensions
{
    /// <summary>Staff accounts: admin, preferences, presence and the first admin.</summary>
    public static IServiceCollection AddUsers(this IServiceCollection services)
    {
        services.AddSingleton<AgentPresence>();
        services.AddSingleton<UserPreferencesService>();
        services.AddSingleton<UserAdminService>();
        services.AddScoped<AdminBootstrapper>();
        services.AddValidatedOptions<BootstrapOptions>(BootstrapOptions.Section);
        return services;
    }
}
