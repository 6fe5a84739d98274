using System.Net;
using System.Text.Json;
using CommHub.Tests.TestSupport;

namespace CommHub.Tests.Web.Operations;

public sealed class HealthTests(CommHubFactory factory) : HealthTestsBase<CommHubFactory>(factory);

/// <summary>The app starts on PostgreSQL (migrations, Hangfire's storage) and reports itself ready.</summary>
public sealed class HealthTestsOnPostgres(PostgresFactory factory) : HealthTestsBase<PostgresFactory>(factory);

public abstract class HealthTestsBase<TFactory>(TFactory factory) : IClassFixture<TFactory> where TFactory : CommHubFactory
{
    [Fact]
    public async Task Live_AnswersHealthy()
    {
        var response = await factory.CreateClient().GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_ChecksTheDatabaseAndTheDataFolder()
    {
        var response = await factory.CreateClient().GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        var checks = body.GetProperty("checks").EnumerateArray().Select(c => (c.GetProperty("name").GetString(), c.GetProperty("status").GetString()));
        Assert.Equal([("database", "Healthy"), ("data-folder", "Healthy")], checks);
    }
}
