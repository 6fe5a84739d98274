using CommHub.Core.Common;
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
        services.AddValidatedOptions<RetentionOptions>(RetentionOptions.Section)
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.DefaultTimeZone, out _), "CommHub:Retention:DefaultTimeZone is not a time zone this server knows (use a name like Europe/Berlin).");
        return services;
    }
}
