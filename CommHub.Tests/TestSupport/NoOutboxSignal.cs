using CommHub.Core.Outbox;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.TestSupport;

/// <summary>For tests that run the outbox themselves: a background send would only race them.</summary>
public sealed class NoOutboxSignal : IOutboxSignal
{
    public void Signal()
    {
    }
}

/// <summary>The app with nothing sent right after a reply and no minute's sweep, so a test sees the reply waiting.</summary>
public class QuietOutboxFactory : CommHubFactory
{
    public QuietOutboxFactory()
    {
        StopSweeps();
        ConfigureServices = services => services.AddSingleton<IOutboxSignal, NoOutboxSignal>();
    }
}

/// <summary><see cref="QuietOutboxFactory"/> on PostgreSQL.</summary>
public sealed class PostgresQuietOutboxFactory : QuietOutboxFactory
{
    public PostgresQuietOutboxFactory() => UsePostgres();
}
