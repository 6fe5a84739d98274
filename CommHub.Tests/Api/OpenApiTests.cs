using System.Net;
using System.Text.Json;
using CommHub.Core.Tokens;
using CommHub.Core.Users;
using CommHub.Tests.TestSupport;

namespace CommHub.Tests.Api;

/// <summary>The OpenAPI document and the reference page (staff only), and the per-token rate limit.</summary>
public sealed class OpenApiTests : IClassFixture<OpenApiTests.LowLimitFactory>
{
    private readonly LowLimitFactory factory;

    public OpenApiTests(LowLimitFactory factory) => this.factory = factory;

    public sealed class LowLimitFactory : QuietOutboxFactory
    {
        public LowLimitFactory()
        {
            Settings["CommHub:RateLimits:ApiBurst"] = "3";
            Settings["CommHub:RateLimits:ApiPerMinute"] = "1";
        }
    }

    [Fact]
    public async Task TheDocument_IsGenerated_WithEveryResourcePath_AndTheBearerScheme_ForStaffOnly()
    {
        var anonymous = factory.CreateBrowserLikeClient();
        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync("/openapi/v1.json")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync("/api/docs/")).StatusCode);

        var browser = factory.CreateBrowserLikeClient();
        await browser.SignInAsync(CommHubFactory.AdminEmail, CommHubFactory.AdminPassword);
        using var document = JsonDocument.Parse(await browser.GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        foreach (var path in new[]
        {
            "/api/v1/conversations", "/api/v1/conversations/{id}", "/api/v1/conversations/{id}/read", "/api/v1/conversations/{id}/messages",
            "/api/v1/channels", "/api/v1/channels/{id}/enable", "/api/v1/channels/telegram", "/api/v1/contacts", "/api/v1/contacts/{id}",
            "/api/v1/templates", "/api/v1/templates/{id}/render", "/api/v1/statistics",
        })
            Assert.Contains(path, paths);
        Assert.DoesNotContain(paths, p => !p.StartsWith("/api/v1/", StringComparison.Ordinal));
        // The list's answer is described, so a client generator gets the page's shape.
        var listed = document.RootElement.GetProperty("paths").GetProperty("/api/v1/conversations").GetProperty("get").GetProperty("responses");
        Assert.True(listed.GetProperty("200").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.True(listed.TryGetProperty("400", out _));
        Assert.Equal("http", document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("type").GetString());

        var docs = await browser.GetAsync("/api/docs/");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Contains("openapi/v1.json", await docs.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OverTheLimit_ATokenGets429WithRetryAfter_AnotherTokenIsNotSlowed()
    {
        var agent = await factory.CreateUserAsync("limit.agent@example.com", Roles.Agent);
        var busy = factory.ApiClient(await factory.CreateTokenAsync(agent.Id, TokenScope.Read));
        var other = factory.ApiClient(await factory.CreateTokenAsync(agent.Id, TokenScope.Read));
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await busy.GetAsync("/api/v1/conversations")).StatusCode);
        var limited = await busy.GetAsync("/api/v1/conversations");
        await limited.AssertProblemAsync(429);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/v1/conversations")).StatusCode);
    }
}
