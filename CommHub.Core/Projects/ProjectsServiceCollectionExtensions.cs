using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Core.Projects;

public static class ProjectsServiceCollectionExtensions
{
    /// <summary>Projects and the crew portal.</summary>
    public static IServiceCollection AddProjects(this IServiceCollection services)
    {
        services.AddSingleton<ProjectService>();
        services.AddSingleton<ProjectQueries>();
        services.AddSingleton<ProjectNotifier>();
        services.AddSingleton<Crew.CrewService>();
        return services;
    }
}
