using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Core.Templates;

public static class TemplatesServiceCollectionExtensions
{
    /// <summary>Reply templates.</summary>
    public static IServiceCollection AddTemplates(this IServiceCollection services)
    {
        services.AddSingleton<TemplateService>();
        return services;
    }
}
