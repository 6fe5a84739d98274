using CommHub.Core.Common;
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Core.Search;

/// <summary>Section <c>CommHub:Search</c>.</summary>
public sealed class SearchOptions
{
    public const string Section = "CommHub:Search";

    /// <summary>
    /// How many of the newest matching messages (that the viewer may see and the filters keep) are ranked by relevance.
    /// A word in a quarter of a million messages would otherwise be scored in every one of them on each search; the
    /// newest few thousand are what a help desk looks for, and ranking them keeps p95 within target (docs/performance.md).
    /// </summary>
    [Range(50, 1_000_000)]
    public int RankWindow { get; set; } = 1000;
}

public static class SearchServiceCollectionExtensions
{
    public static IServiceCollection AddSearch(this IServiceCollection services)
    {
        services.AddSingleton<SearchService>();
        services.AddSingleton<Contacts.ContactDirectory>();
        services.AddSingleton<Contacts.ContactProfiles>();
        services.AddSingleton<Contacts.ContactMerge>();
        services.AddValidatedOptions<SearchOptions>(SearchOptions.Section);
        return services;
    }
}
