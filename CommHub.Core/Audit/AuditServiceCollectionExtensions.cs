using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Core.Audit;

public static class AuditServiceCollectionExtensions
{
    /// <summary>The audit log: written by every admin action, read by its page.</summary>
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddSingleton<AuditLog>();
        services.AddSingleton<AuditQuery>();
        return services;
    }
}
