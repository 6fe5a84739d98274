using CommHub.Core.Common;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Core.Ingest;

public static class IngestServiceCollectionExtensions
{
    /// <summary>Inbound: the durable intake and the one ingest service every channel stores through.</summary>
    public static IServiceCollection AddIngest(this IServiceCollection services)
    {
        services.AddSingleton<IngestService>();
        services.AddSingleton<IntakeService>();
        services.AddValidatedOptions<IntakeOptions>(IntakeOptions.Section);
        return services;
    }
}
