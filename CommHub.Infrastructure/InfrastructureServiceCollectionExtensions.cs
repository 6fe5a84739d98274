using CommHub.Core.Common;
using CommHub.Core.Analytics;
using CommHub.Core.Attachments;
using CommHub.Core.Channels;
using CommHub.Core.Conversations;
using CommHub.Core.Data;
using CommHub.Core.Ingest;
using CommHub.Core.Outbox;
using CommHub.Infrastructure.Blobs;
using CommHub.Infrastructure.Data;
using CommHub.Infrastructure.Email;
using CommHub.Infrastructure.Gmail;
using CommHub.Infrastructure.Health;
using CommHub.Infrastructure.Jobs;
using CommHub.Infrastructure.Media;
using CommHub.Infrastructure.Search;
using CommHub.Infrastructure.Security;
using CommHub.Infrastructure.Telegram;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.SqlServer;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommHub.Infrastructure;

public static class InfrastructureServiceCollectionExtensions
{
    /// <summary>
    /// Registers the database provider, Data Protection, the blob store, health checks and Hangfire,
    /// each on its embedded default unless configuration names the production one.
    /// </summary>
    public static IServiceCollection AddCommHubInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<StorageOptions>(StorageOptions.Section);
        services.AddSingleton<DataPaths>();

        // The provider decides which types are registered, so it is read now; everything else is read
        // when first needed, from the configuration the host finally built.
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        AddDatabase(services, database.Provider);
        services.AddSingleton<DatabaseInitializer>();
        services.AddSearchIndex(database.Provider);

        AddStorage(services);
        AddGmail(services);
        AddTelegram(services);

        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"])
            .AddCheck<DataFolderHealthCheck>("data-folder", tags: ["ready"]);

        AddJobs(services, database.Provider);
        return services;
    }

    /// <summary>Data Protection's keys, the secrets it protects, and the blob store (a local folder, or Azure Blob Storage).</summary>
    private static void AddStorage(IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("CommHub");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
            o.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(sp.GetRequiredService<DataPaths>().Keys), sp.GetRequiredService<ILoggerFactory>())));
        services.AddSingleton<ISecretProtector, DataProtectionSecretProtector>();

        services.AddOptions<BlobStorageOptions>().BindConfiguration(BlobStorageOptions.Section)
            .Configure<IConfiguration>((o, config) => o.ConnectionString = config.GetConnectionString(BlobStorageOptions.ConnectionStringName))
            .ValidateDataAnnotations().Validate(o => o.IsValid, BlobStorageOptions.MissingConnectionString).ValidateOnStart();
        services.AddSingleton<IBlobStore>(sp => sp.GetRequiredService<IOptions<BlobStorageOptions>>().Value is { Provider: BlobProvider.Azure } blobs
            ? new AzureBlobStore(blobs.ConnectionString!, blobs.ContainerName)
            : new LocalFolderBlobStore(sp.GetRequiredService<DataPaths>().Blobs));
    }

    /// <summary>Gmail mailboxes (and the mail reading and sanitizing they need): OAuth, sync and sending.</summary>
    private static void AddGmail(IServiceCollection services)
    {
        services.AddSingleton<IImageProcessor, VipsImageProcessor>();
        services.AddSingleton<EmailHtmlSanitizer>();
        services.AddSingleton<IMailHtml>(sp => sp.GetRequiredService<EmailHtmlSanitizer>());
        services.AddSingleton<EmailMessageReader>();
        services.AddValidatedOptions<GmailOptions>(GmailOptions.Section);
        services.AddHttpClient<GmailApiClient>();
        // The token cache is per mailbox and must outlive any one request: one service for the process.
        services.AddHttpClient(nameof(GmailTokenService));
        services.AddSingleton(sp => new GmailTokenService(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(GmailTokenService)),
            sp.GetRequiredService<IOptions<GmailOptions>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddTransient<GmailSyncService>();
        // Remembers the nonces already redeemed, so it lives as long as the process.
        services.AddSingleton<GmailConnectState>();
        services.AddTransient<GmailConnectService>();
        services.AddTransient<GmailChannelService>();
        services.AddTransient<IGmailChannelAdmin>(sp => sp.GetRequiredService<GmailChannelService>());
        services.AddSingleton<IChannelSender, GmailSender>();
    }

    private static void AddTelegram(IServiceCollection services)
    {
        services.AddValidatedOptions<TelegramOptions>(TelegramOptions.Section);
        // Long polls hold a request for LongPollSeconds: the client's timeout must outlast them.
        services.AddHttpClient(TelegramBots.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(100));
        services.AddSingleton<TelegramBots>();
        services.AddSingleton<TelegramPacer>();
        services.AddTransient<TelegramInboundService>();
        services.AddTransient<TelegramUpdateProcessor>();
        services.AddTransient<TelegramIntakeProcessor>();
        services.AddSingleton<IntakeDrainGate>();
        services.AddTransient<TelegramChannelAdmin>();
        services.AddTransient<ITelegramChannelAdmin>(sp => sp.GetRequiredService<TelegramChannelAdmin>());
        services.AddTransient<TelegramWebhook>();
        services.AddSingleton<IChannelSender, TelegramSender>();
    }

    private const string MissingPostgreSqlConnection =
        "Database:Provider is PostgreSql but ConnectionStrings:CommHub is empty: set it to the database, e.g. \"Host=db;Database=commhub;Username=commhub;Password=...\".";

    private static string? ConnectionString(IServiceProvider sp) =>
        sp.GetRequiredService<IConfiguration>().GetConnectionString(DatabaseOptions.ConnectionStringName) is { Length: > 0 } value ? value : null;

    private static void AddDatabase(IServiceCollection services, DatabaseProvider provider)
    {
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                services.AddDbContextFactory<SqliteCommHubDbContext>((sp, options) => options
                    .UseSqlite(
                        ConnectionString(sp) ?? $"Data Source={sp.GetRequiredService<DataPaths>().SqliteFile}",
                        sqlite => sqlite.ExecutionStrategy(dependencies => new SqliteRetryingExecutionStrategy(dependencies)))
                    .AddInterceptors(sp.GetRequiredService<AuditFieldsInterceptor>(), sp.GetRequiredService<AnalyticsJournal>(), sp.GetRequiredService<CommHub.Core.Webhooks.WebhookJournal>(), new SqliteConnectionSetup()));
                services.AddSingleton<IDbContextFactory<CommHubDbContext>, NeutralDbContextFactory<SqliteCommHubDbContext>>();
                services.AddScoped<CommHubDbContext>(sp => sp.GetRequiredService<SqliteCommHubDbContext>());
                break;
            case DatabaseProvider.SqlServer:
                services.AddDbContextFactory<SqlServerCommHubDbContext>((sp, options) => options
                    .UseSqlServer(
                        ConnectionString(sp) ?? throw new InvalidOperationException("Database:Provider is SqlServer but ConnectionStrings:CommHub is empty."),
                        sql => sql.EnableRetryOnFailure())
                    .AddInterceptors(sp.GetRequiredService<AuditFieldsInterceptor>(), sp.GetRequiredService<AnalyticsJournal>(), sp.GetRequiredService<CommHub.Core.Webhooks.WebhookJournal>()));
                services.AddSingleton<IDbContextFactory<CommHubDbContext>, NeutralDbContextFactory<SqlServerCommHubDbContext>>();
                services.AddScoped<CommHubDbContext>(sp => sp.GetRequiredService<SqlServerCommHubDbContext>());
                break;
            case DatabaseProvider.PostgreSql:
                services.AddDbContextFactory<PostgreSqlCommHubDbContext>((sp, options) => options
                    .UseNpgsql(
                        ConnectionString(sp) ?? throw new InvalidOperationException(MissingPostgreSqlConnection),
                        npgsql => npgsql.ExecutionStrategy(dependencies => new PostgreSqlRetryingExecutionStrategy(dependencies)))
                    .AddInterceptors(sp.GetRequiredService<AuditFieldsInterceptor>(), sp.GetRequiredService<AnalyticsJournal>(), sp.GetRequiredService<CommHub.Core.Webhooks.WebhookJournal>()));
                services.AddSingleton<IDbContextFactory<CommHubDbContext>, NeutralDbContextFactory<PostgreSqlCommHubDbContext>>();
                services.AddScoped<CommHubDbContext>(sp => sp.GetRequiredService<PostgreSqlCommHubDbContext>());
                break;
            default:
                throw new InvalidOperationException($"Unknown Database:Provider '{provider}'. Use Sqlite, SqlServer or PostgreSql.");
        }
    }

    private static PostgreSqlStorage PostgreSqlJobStorage(string connectionString)
    {
        // Hangfire keeps its tables in their own schema ("hangfire") of the app's database and creates them on first use.
        // Workers poll the queue each second rather than every 15 s, so a reply or an attachment is picked up promptly.
        var options = new PostgreSqlStorageOptions { QueuePollInterval = TimeSpan.FromSeconds(1) };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }

    private static void AddJobs(IServiceCollection services, DatabaseProvider provider)
    {
        services.AddValidatedOptions<JobOptions>(JobOptions.Section);
        // Each host gets its own storage from DI instead of Hangfire's process-wide JobStorage.Current,
        // so hosts in one process (the test suite) never share or race over a storage.
        // The database is the source of truth for all work, so in-memory job storage loses nothing:
        // recurring sweeps re-derive what a restart dropped.
        services.AddSingleton<JobStorage>(sp => provider switch
        {
            DatabaseProvider.SqlServer => new SqlServerStorage(ConnectionString(sp)),
            DatabaseProvider.PostgreSql => PostgreSqlJobStorage(ConnectionString(sp) ?? throw new InvalidOperationException(MissingPostgreSqlConnection)),
            _ => new InMemoryStorage(new InMemoryStorageOptions { IdType = InMemoryStorageIdType.Long }),
        });
        // Likewise each host's jobs are activated from its own container, not the process-wide JobActivator.Current.
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((sp, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new DisposalTolerantLogProvider(sp.GetRequiredService<ILoggerFactory>())));
        services.AddHangfireServer((sp, server) =>
        {
            var options = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<JobOptions>>().Value;
            server.WorkerCount = options.WorkerCount;
            server.ShutdownTimeout = TimeSpan.FromSeconds(5);
        });
        // A second server in the same process for the polling queue only, so long polls never starve the other work.
        services.AddHangfireServer((sp, server) =>
        {
            var options = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<JobOptions>>().Value;
            server.Queues = [JobQueues.Polling];
            server.WorkerCount = options.PollingWorkerCount;
            server.ShutdownTimeout = TimeSpan.FromSeconds(5);
        });
        // And one for image processing, with few workers: a flood of heavy images waits its turn instead of taking the
        // workers (and the cores and memory) that send replies.
        services.AddHangfireServer((sp, server) =>
        {
            var options = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<JobOptions>>().Value;
            server.Queues = [JobQueues.Media];
            server.WorkerCount = options.MediaWorkerCount;
            server.ShutdownTimeout = TimeSpan.FromSeconds(5);
        });
        services.AddTransient<SnoozeWakeUpJob>();
        services.AddTransient<ProcessAttachmentJob>();
        services.AddTransient<AttachmentSweepJob>();
        services.AddSingleton<IAttachmentQueue, HangfireAttachmentQueue>();
        services.AddTransient<OutboxJob>();
        services.AddTransient<Webhooks.WebhookJob>();
        services.AddSingleton<CommHub.Core.Webhooks.IWebhookTransport, Webhooks.HttpWebhookTransport>();
        services.AddTransient<GmailPollJob>();
        services.AddTransient<TelegramPollJob>();
        services.AddTransient<IntakeDrainJob>();
        services.AddTransient<IntakeSweepJob>();
        services.AddSingleton<HangfireIntakeSignal>();
        services.AddSingleton<IIntakeSignal>(sp => sp.GetRequiredService<HangfireIntakeSignal>());
        services.AddSingleton<ChannelJobScheduler>();
        services.AddSingleton<IChannelJobs>(sp => sp.GetRequiredService<ChannelJobScheduler>());
        services.AddSingleton<IOutboxSignal, HangfireOutboxSignal>();
        services.AddTransient<IdleRulesJob>();
        services.AddTransient<DueRulesJob>();
        services.AddTransient<RetentionJob>();
    }
}
