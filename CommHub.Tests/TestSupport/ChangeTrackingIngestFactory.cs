using CommHub.Core.Ingest;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.TestSupport;

/// <summary>The app with ingest writing through SaveChanges alone, as on SQL Server, so that path is tested on SQLite too.</summary>
public sealed class ChangeTrackingIngestFactory : CommHubFactory
{
    public ChangeTrackingIngestFactory()
    {
        ConfigureServices = services => services.AddSingleton<IMessageBatchWriter, ChangeTrackingMessageBatchWriter>();
    }
}
