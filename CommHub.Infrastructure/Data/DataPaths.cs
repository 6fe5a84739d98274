using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CommHub.Infrastructure.Data;

/// <summary>The folders of the embedded defaults, under <see cref="StorageOptions.DataPath"/>.</summary>
public sealed class DataPaths
{
    public DataPaths(IOptions<StorageOptions> options, IHostEnvironment environment)
    {
        Root = Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.Value.DataPath));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }
    public string SqliteFile => Path.Combine(Root, "commhub.db");
    public string Blobs => Path.Combine(Root, "blobs");
    public string Keys => Path.Combine(Root, "keys");
}
