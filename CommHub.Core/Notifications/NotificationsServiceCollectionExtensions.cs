using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Core.Notifications;

public static class NotificationsServiceCollectionExtensions
{
    /// <summary>Staff notifications: the bell, mentions, preferences and quiet hours.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddSingleton<NotificationService>();
        return services;
    }
}
