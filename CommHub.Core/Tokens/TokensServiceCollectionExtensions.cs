using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Core.Tokens;

public static class TokensServiceCollectionExtensions
{
    /// <summary>Personal access tokens for the REST API (the bearer handler is in Web).</summary>
    public static IServiceCollection AddTokens(this IServiceCollection services)
    {
        services.AddSingleton<AccessTokenService>();
        return services;
    }
}
