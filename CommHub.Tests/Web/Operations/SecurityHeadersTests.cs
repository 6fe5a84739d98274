using System.Net;
using System.Text.RegularExpressions;
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

    [Theory]
    [InlineData("/account/login")]
    [InlineData("/inbox")]
    public async Task AppPages_AllowOnlyTheirOwnScripts_AndTheImportMapByItsNonce(string path)
    {
        var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync(CommHubFactory.AdminEmail, CommHubFactory.AdminPassword);

        var response = await client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        var nonce = Regex.Match(policy, "script-src 'self' 'nonce-([^']+)'").Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.Contains("object-src 'none'", policy);
        Assert.Contains("base-uri 'self'", policy);
        Assert.Contains("style-src 'self' 'unsafe-inline'", policy);
        Assert.DoesNotContain("unsafe-eval", policy);
        // Every inline script of the page carries the nonce; nothing else inline would run.
        var inlineScripts = Regex.Matches(html, "<script(?![^>]*\\ssrc=)([^>]*)>");
        Assert.NotEmpty(inlineScripts);
        Assert.All(inlineScripts, s => Assert.Contains($"nonce=\"{nonce}\"", s.Groups[1].Value));
        // A fresh nonce for each response.
        var again = (await client.GetAsync(path)).Headers.GetValues("Content-Security-Policy").Single();
        Assert.NotEqual(policy, again);
    }
}
