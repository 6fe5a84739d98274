using CommHub.Core.Search;
using CommHub.Infrastructure.Data;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Infrastructure.Search;

public static class SearchRegistration
{
    /// <summary>The search index of the configured database (SQLite FTS5, PostgreSQL tsvector, SQL Server LIKE).</summary>
    public static IServiceCollection AddSearchIndex(this IServiceCollection services, DatabaseProvider provider)
    {
        services.AddSingleton<LikeSearchIndex>();
        services.AddSingleton<ISearchIndex>(sp => provider switch
        {
            DatabaseProvider.Sqlite => new SqliteSearchIndex(sp.GetRequiredService<LikeSearchIndex>()),
            DatabaseProvider.PostgreSql => new PostgreSqlSearchIndex(sp.GetRequiredService<LikeSearchIndex>()),
            _ => sp.GetRequiredService<LikeSearchIndex>(),
        });
        return services;
    }
}

/// <summary><c>dotnet run --project CommHub.Web -- --rebuild-search</c>: migrate, rebuild the search index, exit.</summary>
public static class SearchRebuildCommand
{
    public const string Argument = "--rebuild-search";

    public static async Task<int> RunAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken = default)
    {
        await services.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken);
        var started = DateTime.UtcNow;
        var result = await services.GetRequiredService<SearchService>().RebuildAsync(cancellationToken);
        await output.WriteLineAsync($"{result} ({(DateTime.UtcNow - started).TotalSeconds:N1} s)");
        return 0;
    }
}
