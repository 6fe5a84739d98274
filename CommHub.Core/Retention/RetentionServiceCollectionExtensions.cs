using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Core.Retention;

public static class RetentionServiceCollectionExtensions
{
    /// <summary>Retention, legal holds, erasure and export (the audit log is registered with Core).</summary>
    public static IServiceCollection AddRetention(this IServiceCollection services)
    {
        services.AddSingleton<PendingBlobDeletes>();
        services.AddSingleton<RetentionService>();
        services.AddSingleton<RetentionSettingsService>();
        services.AddSingleton<LegalHolds>();
        services.AddSingleton<Contacts.ContactExport>();
        services.AddSingleton<Contacts.ContactErasure>();
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateDataAnnotations()
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.DefaultTimeZone, out _), "CommHub:Retention:DefaultTimeZone is not a time zone this server knows (use a name like Europe/Berlin).")
            .ValidateOnStart();
        return services;
    }
}
