using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Core.Conversations;

public static class ConversationsServiceCollectionExtensions
{
    /// <summary>The inbox and the conversation: list, thread, staff actions, live events, who is viewing.</summary>
    public static IServiceCollection AddConversations(this IServiceCollection services)
    {
        services.AddSingleton<InboxQueryService>();
        services.AddSingleton<ConversationMaintenanceService>();
        services.AddSingleton<ConversationNotifier>();
        services.AddSingleton<ConversationViewers>();
        services.AddSingleton<ConversationService>();
        services.AddSingleton<CustomerSide>();
        return services;
    }
}
