using CommHub.Infrastructure.Data;
using CommHub.Infrastructure.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace CommHub.Tests.Infrastructure;

/// <summary>/health/ready says unhealthy when the data folder cannot take a write (full, read-only or gone).</summary>
public sealed class DataFolderHealthCheckTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "commhub-tests", "health-" + Guid.NewGuid().ToString("N"));

    private DataFolderHealthCheck Check() => new(new DataPaths(
        Options.Create(new StorageOptions { DataPath = folder }),
        new HostingEnvironment { ContentRootPath = Path.GetTempPath(), EnvironmentName = Environments.Production }));

    [Fact]
    public async Task AWritableFolder_IsHealthy_AndLeavesNoProbeFile()
    {
        var result = await Check().CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
    }

    [Fact]
    public async Task AFolderThatCannotBeWritten_IsUnhealthy_WithWhy()
    {
        var check = Check();
        // Root ignores file permissions, so the folder is made unusable another way: a file now stands where it was.
        Directory.Delete(folder);
        await File.WriteAllTextAsync(folder, "not a folder");

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.StartsWith($"The data folder {folder} cannot be written", result.Description);
    }

    public void Dispose()
    {
        if (File.Exists(folder)) File.Delete(folder);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }
}
