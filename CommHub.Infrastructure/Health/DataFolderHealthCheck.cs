using CommHub.Infrastructure.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CommHub.Infrastructure.Health;

/// <summary>
/// Ready when the data folder takes a write: the SQLite file, local blobs and the data-protection keys live there, so a
/// full or read-only disk would otherwise lose uploads and sends while the app reported itself healthy.
/// </summary>
internal sealed class DataFolderHealthCheck(DataPaths paths) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var probe = Path.Combine(paths.Root, $".health-{Guid.NewGuid():N}");
        try
        {
            await File.WriteAllBytesAsync(probe, new byte[4096], cancellationToken);
            return HealthCheckResult.Healthy("The data folder can be written.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Unhealthy($"The data folder {paths.Root} cannot be written ({ex.Message}).");
        }
        finally
        {
            try { File.Delete(probe); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
