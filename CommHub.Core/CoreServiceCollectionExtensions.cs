using CommHub.Core.Analytics;
using CommHub.Core.Attachments;
using CommHub.Core.Channels;
using CommHub.Core.Conversations;
using CommHub.Core.Data;
using CommHub.Core.Demo;
using CommHub.Core.Portal;
using CommHub.Core.Retention;
using CommHub.Core.Rules;
using CommHub.Core.Search;
using CommHub.Core.Templates;
using CommHub.Core.Users;
using CommHub.Core.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CommHub.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>Registers Core's use cases. The DbContext and the ports come from Infrastructure.</summary>
    public static IServiceCollection AddCommHubCore(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<AuditFieldsInterceptor>();
        services.AddAnalytics();
        services.AddSingleton<Audit.AuditLog>();
        services.AddSingleton<Audit.AuditQuery>();
        services.AddSingleton<ChannelSecrets>();
        services.AddSingleton<ChannelService>();
        services.AddSingleton<InboxQueryService>();
        services.AddSearch();
        services.AddSingleton<ConversationMaintenanceService>();
        services.AddSingleton<ConversationNotifier>();
        services.AddSingleton<ConversationViewers>();
        services.AddSingleton<Notifications.NotificationService>();
        services.AddSingleton<ConversationService>();
        services.AddSingleton<CustomerAccounts>();
        services.AddSingleton<PortalService>();
        services.AddSingleton<CustomerSide>();
        services.AddSingleton<Crew.CrewService>();
        services.AddSingleton<Projects.ProjectService>();
        services.AddSingleton<Projects.ProjectQueries>();
        services.AddSingleton<Projects.ProjectNotifier>();
        services.AddSingleton<AttachmentService>();
        services.AddSingleton<AttachmentProcessingService>();
        services.AddSingleton<Ingest.IngestService>();
        services.AddSingleton<Ingest.IntakeService>();
        services.AddOptions<Ingest.IntakeOptions>().BindConfiguration(Ingest.IntakeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Outbox.OutboxService>();
        services.AddOptions<Outbox.OutboxOptions>().BindConfiguration(Outbox.OutboxOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AttachmentOptions>().BindConfiguration(AttachmentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddRetention();
        services.AddSingleton<AgentPresence>();
        services.AddSingleton<RuleEngine>();
        services.AddSingleton<RuleService>();
        services.AddSingleton<TemplateService>();
        services.AddSingleton<Tokens.AccessTokenService>();
        services.AddWebhooks();
        services.AddSingleton<UserPreferencesService>();
        services.AddSingleton<UserAdminService>();
        services.AddScoped<AdminBootstrapper>();
        services.AddScoped<DemoDataSeeder>();
        services.AddOptions<RuleOptions>().BindConfiguration(RuleOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}
