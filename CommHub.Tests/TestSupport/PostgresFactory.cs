namespace CommHub.Tests.TestSupport;

/// <summary>The real app on a fresh database of the test run's real PostgreSQL server (see <see cref="PostgresServer"/>).</summary>
public sealed class PostgresFactory : CommHubFactory
{
    public PostgresFactory() => UsePostgres();
}
