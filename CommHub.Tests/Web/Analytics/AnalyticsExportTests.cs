using System.Net;
using CommHub.Core.Analytics;
using CommHub.Core.Users;
using CommHub.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Web.Analytics;

/// <summary>The CSV downloads over HTTP, as the page's links fetch them.</summary>
public sealed class AnalyticsExportTests(CommHubFactory factory) : IClassFixture<CommHubFactory>
{
    [Fact]
    public async Task AnAgent_DownloadsAChartsCsv_ForThePagesFilters()
    {
        var customer = await factory.RegisterCustomerAsync("export.customer@example.com");
        await factory.StartRequestAsync(customer);
        await factory.Services.GetRequiredService<AnalyticsFolder>().FoldAsync();
        var client = await SignedInAsAsync("export-agent@example.com", Roles.Agent);

        var response = await client.GetAsync("/analytics/export/volume.csv?period=today&tz=Europe%2FBerlin");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("attachment", response.Content.Headers.ContentDisposition?.ToString());
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("day,channel,in,out", lines[0]);
        Assert.Contains(lines, l => l.EndsWith(",Customer portal,1,0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnUnknownChart_Is404_AndACustomerGetsNoCsv()
    {
        var agent = await SignedInAsAsync("export-agent2@example.com", Roles.Agent);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync("/analytics/export/secrets.csv")).StatusCode);

        var customer = await SignedInAsAsync("export-customer2@example.com", Roles.Customer);
        var response = await customer.GetAsync("/analytics/export/agents.csv");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<HttpClient> SignedInAsAsync(string email, string role)
    {
        await factory.CreateUserAsync(email, role);
        var client = factory.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(email, "a long enough password")).StatusCode);
        return client;
    }
}
