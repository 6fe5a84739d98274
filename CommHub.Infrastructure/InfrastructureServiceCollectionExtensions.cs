using CommHub.Core.Attachments;
using CommHub.Core.Channels;
using CommHub.Core.Data;
using CommHub.Infrastructure.Blobs;
using CommHub.Infrastructure.Data;
using CommHub.Infrastructure.Health;
using CommHub.Infrastructure.Jobs;
using CommHub.Infrastructure.Security;
using Hangfire;
using Hangfire.InMemory;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Infrastructure;

public static class InfrastructureServiceCollectionExtensions
{
    /// <summary>
    /// Registers the database provider, Data Protection, the blob store, health checks and Hangfire,
    /// each on its embedded default unless configuration names the production one.
    /// </summary>
    public static IServiceCollection AddCommHubInfrastructure(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var dataPath = Path.GetFullPath(Path.Combine(contentRoot, storage.DataPath));
        Directory.CreateDirectory(dataPath);
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
        AddDatabase(services, database.Provider, connectionString, dataPath);
        services.AddSingleton<DatabaseInitializer>();

        services.AddDataProtection()
            .SetApplicationName("CommHub")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataPath, "keys")));
        services.AddSingleton<ISecretProtector, DataProtectionSecretProtector>();

        services.AddSingleton<IBlobStore>(new LocalFolderBlobStore(Path.Combine(dataPath, "blobs")));

        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);

        AddJobs(services, database.Provider, connectionString);
        return services;
    }

    private static void AddDatabase(IServiceCollection services, DatabaseProvider provider, string? connectionString, string dataPath)
    {
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = string.IsNullOrWhiteSpace(connectionString)
                    ? $"Data Source={Path.Combine(dataPath, "commhub.db")}"
                    : connectionString;
                services.AddDbContextFactory<SqliteCommHubDbContext>((sp, options) => options
                    .UseSqlite(sqlite)
                    .AddInterceptors(sp.GetRequiredService<AuditFieldsInterceptor>()));
                services.AddSingleton<IDbContextFactory<CommHubDbContext>, NeutralDbContextFactory<SqliteCommHubDbContext>>();
                services.AddScoped<CommHubDbContext>(sp => sp.GetRequiredService<SqliteCommHubDbContext>());
                break;
            case DatabaseProvider.SqlServer:
                if (string.IsNullOrWhiteSpace(connectionString))
                    throw new InvalidOperationException("Database:Provider is SqlServer but ConnectionStrings:CommHub is empty.");
                services.AddDbContextFactory<SqlServerCommHubDbContext>((sp, options) => options
                    .UseSqlServer(connectionString, sql => sql.EnableRetryOnFailure())
                    .AddInterceptors(sp.GetRequiredService<AuditFieldsInterceptor>()));
                services.AddSingleton<IDbContextFactory<CommHubDbContext>, NeutralDbContextFactory<SqlServerCommHubDbContext>>();
                services.AddScoped<CommHubDbContext>(sp => sp.GetRequiredService<SqlServerCommHubDbContext>());
                break;
            default:
                throw new InvalidOperationException($"Unknown Database:Provider '{provider}'. Use Sqlite or SqlServer.");
        }
    }

    private static void AddJobs(IServiceCollection services, DatabaseProvider provider, string? connectionString)
    {
        services.AddOptions<JobOptions>().BindConfiguration(JobOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHangfire(config =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            // The database is the source of truth for all work, so in-memory job storage loses nothing:
            // recurring sweeps re-derive what a restart dropped.
            if (provider == DatabaseProvider.SqlServer) config.UseSqlServerStorage(connectionString);
            else config.UseInMemoryStorage(new InMemoryStorageOptions { IdType = InMemoryStorageIdType.Long });
        });
        services.AddHangfireServer((sp, server) =>
        {
            var options = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<JobOptions>>().Value;
            server.WorkerCount = options.WorkerCount;
            server.ShutdownTimeout = TimeSpan.FromSeconds(5);
        });
        services.AddTransient<SnoozeWakeUpJob>();
    }
}
