using CommHub.Core.Analytics;
using CommHub.Core.Attachments;
using CommHub.Core.Audit;
using CommHub.Core.Channels;
using CommHub.Core.Conversations;
using CommHub.Core.Data;
using CommHub.Core.Demo;
using CommHub.Core.Ingest;
using CommHub.Core.Notifications;
using CommHub.Core.Outbox;
using CommHub.Core.Portal;
using CommHub.Core.Projects;
using CommHub.Core.Retention;
using CommHub.Core.Rules;
using CommHub.Core.Search;
using CommHub.Core.Templates;
using CommHub.Core.Tokens;
using CommHub.Core.Users;
using CommHub.Core.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>Registers Core's use cases, one call per feature. The DbContext and the ports come from Infrastructure.</summary>
    public static IServiceCollection AddCommHubCore(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<AuditFieldsInterceptor>();
        services.AddScoped<DemoDataSeeder>();
        return services
            .AddAudit()
            .AddAnalytics()
            .AddChannels()
            .AddConversations()
            .AddNotifications()
            .AddSearch()
            .AddPortal()
            .AddProjects()
            .AddAttachments()
            .AddIngest()
            .AddOutbox()
            .AddRetention()
            .AddRules()
            .AddTemplates()
            .AddTokens()
            .AddUsers()
            .AddWebhooks();
    }
}
