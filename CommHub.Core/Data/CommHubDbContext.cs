using CommHub.Core.Analytics;
using CommHub.Core.Attachments;
using CommHub.Core.Audit;
using CommHub.Core.Channels;
using CommHub.Core.Contacts;
using CommHub.Core.Ingest;
using CommHub.Core.Conversations;
using CommHub.Core.Outbox;
using CommHub.Core.Projects;
using CommHub.Core.Rules;
using CommHub.Core.Templates;
using CommHub.Core.Users;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CommHub.Core.Data;

/// <summary>
/// The provider-neutral model. Each database provider derives its own context type only so that it
/// can carry its own migration set (see CommHub.Infrastructure/Data).
/// </summary>
public class CommHubDbContext : IdentityDbContext<ApplicationUser>
{
    public CommHubDbContext(DbContextOptions<CommHubDbContext> options) : base(options)
    {
    }

    protected CommHubDbContext(DbContextOptions options) : base(options)
    {
    }

    public DbSet<Channel> Channels => Set<Channel>();
    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<ContactIdentity> ContactIdentities => Set<ContactIdentity>();
    public DbSet<Conversation> Conversations => Set<Conversation>();
    public DbSet<Message> Messages => Set<Message>();
    public DbSet<Label> Labels => Set<Label>();
    public DbSet<Attachment> Attachments => Set<Attachment>();
    public DbSet<Template> Templates => Set<Template>();
    public DbSet<Rule> Rules => Set<Rule>();
    public DbSet<RuleHit> RuleHits => Set<RuleHit>();
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<ProjectMember> ProjectMembers => Set<ProjectMember>();
    public DbSet<OutboxItem> Outbox => Set<OutboxItem>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<InboundUpdate> InboundUpdates => Set<InboundUpdate>();
    public DbSet<AnalyticsEvent> AnalyticsEvents => Set<AnalyticsEvent>();
    public DbSet<AnalyticsHour> AnalyticsHours => Set<AnalyticsHour>();
    public DbSet<ConversationCycle> ConversationCycles => Set<ConversationCycle>();
    public DbSet<AnalyticsState> AnalyticsStates => Set<AnalyticsState>();
    public DbSet<Retention.PendingBlobDelete> PendingBlobDeletes => Set<Retention.PendingBlobDelete>();
    public DbSet<Retention.RetentionSettings> RetentionSettings => Set<Retention.RetentionSettings>();
    public DbSet<Notifications.Notification> Notifications => Set<Notifications.Notification>();
    public DbSet<Tokens.AccessToken> AccessTokens => Set<Tokens.AccessToken>();
    public DbSet<Conversations.SentReply> SentReplies => Set<Conversations.SentReply>();
    public DbSet<Webhooks.WebhookSubscription> WebhookSubscriptions => Set<Webhooks.WebhookSubscription>();
    public DbSet<Webhooks.WebhookEvent> WebhookEvents => Set<Webhooks.WebhookEvent>();
    public DbSet<Webhooks.WebhookDelivery> WebhookDeliveries => Set<Webhooks.WebhookDelivery>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(CommHubDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // All times are UTC; SQLite cannot order by DateTimeOffset, so DateTime it is, read back as UTC.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }
}
