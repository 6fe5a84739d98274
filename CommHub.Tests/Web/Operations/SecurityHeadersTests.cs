using System.Net;
using CommHub.Tests.TestSupport;

namespace CommHub.Tests.Web.Operations;

/// <summary>Every response says: no type sniffing, no framing by another site, no full address passed on.</summary>
public sealed class SecurityHeadersTests(CommHubFactory factory) : IClassFixture<CommHubFactory>
{
    private static void AssertProtected(HttpResponseMessage response)
    {
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("SAMEORIGIN", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("frame-ancestors 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Theory]
    [InlineData("/account/login", HttpStatusCode.OK)]
    [InlineData("/health/live", HttpStatusCode.OK)]
    [InlineData("/inbox", HttpStatusCode.Redirect)]
    [InlineData("/no-such-page", HttpStatusCode.NotFound)]
    public async Task PagesRedirectsAndEndpoints_CarryTheHeaders(string path, HttpStatusCode status)
    {
        var response = await factory.CreateBrowserLikeClient().GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        AssertProtected(response);
    }

    [Fact]
    public async Task TheJobsDashboard_CarriesTheHeaders()
    {
        var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync(CommHubFactory.AdminEmail, CommHubFactory.AdminPassword);

        var response = await client.GetAsync("/jobs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertProtected(response);
    }
}
