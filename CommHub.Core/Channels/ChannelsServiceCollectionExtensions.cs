using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Core.Channels;

public static class ChannelsServiceCollectionExtensions
{
    /// <summary>Channels: their list, settings and the secrets they keep (each connector registers itself in Infrastructure).</summary>
    public static IServiceCollection AddChannels(this IServiceCollection services)
    {
        services.AddSingleton<ChannelSecrets>();
        services.AddSingleton<ChannelService>();
        return services;
    }
}
