using CommHub.Core.Common;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Core.Webhooks;

public static class WebhookServiceCollectionExtensions
{
    /// <summary>The webhook feature; the transport (<see cref="IWebhookTransport"/>) and the job come from Infrastructure.</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddSingleton<WebhookState>();
        services.AddSingleton<WebhookJournal>();
        services.AddSingleton<WebhookService>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddValidatedOptions<WebhookOptions>(WebhookOptions.Section)
            .Validate(o => o.HasValidDelays, "CommHub:Webhooks needs FirstRetryDelay above zero, MaxRetryDelay and GiveUpAfter at least as long.");
        return services;
    }
}
