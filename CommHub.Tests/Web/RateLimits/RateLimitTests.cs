using System.Net;
using System.Text;
using System.Text.Json;
using CommHub.Tests.TestSupport;

namespace CommHub.Tests.Web.RateLimits;

/// <summary>The app with low limits, so that a few requests reach them (the other tests run with very high ones).</summary>
public sealed class LowRateLimitsFactory : CommHubFactory
{
    public const int SignIns = 3;
    public const int Registrations = 2;
    public const int WebhookPosts = 2;

    public LowRateLimitsFactory()
    {
        Settings["CommHub:RateLimits:SignInPerMinute"] = SignIns.ToString();
        Settings["CommHub:RateLimits:RegistrationsPerMinute"] = Registrations.ToString();
        Settings["CommHub:RateLimits:TelegramWebhookPerSecond"] = WebhookPosts.ToString();
        Settings["CommHub:RateLimits:MessageBurst"] = "2";
        Settings["CommHub:RateLimits:MessagesPerMinute"] = "1";
    }
}

public sealed class RateLimitTests(LowRateLimitsFactory factory) : IClassFixture<LowRateLimitsFactory>
{
    [Fact]
    public async Task SignIn_OverTheLimit_Gets429_WithRetryAfter_AndAClearMessage_WhileThePageStillShows()
    {
        var client = factory.CreateBrowserLikeClient();
        for (var i = 0; i < LowRateLimitsFactory.SignIns; i++)
        {
            var allowed = await client.SignInAsync($"nobody{i}@example.com", "not the password at all");
            Assert.Equal("Wrong email or password.", await allowed.LoginErrorAsync());
        }

        var refused = await client.SignInAsync(CommHubFactory.AdminEmail, CommHubFactory.AdminPassword);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After")));
        Assert.InRange(retryAfter, 1, 60);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("Too many sign-in attempts from your network. Wait", html);
        Assert.Contains("href=\"/account/login\"", html);
        Assert.DoesNotContain(refused.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("CommHub.Auth=", StringComparison.Ordinal));
        // Only posts count: the form itself still opens.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/login")).StatusCode);
    }

    [Fact]
    public async Task Registration_OverTheLimit_Gets429_WithAClearMessage()
    {
        var client = factory.CreateBrowserLikeClient();
        for (var i = 0; i < LowRateLimitsFactory.Registrations; i++)
            Assert.Equal("/account/login?registered=true", (await RegisterAsync(client, $"new{i}@example.com")).RedirectPath());

        var refused = await RegisterAsync(client, "one-too-many@example.com");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.Contains("Retry-After"));
        Assert.Contains("Too many accounts were created from your network just now.", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TelegramWebhook_OverTheLimitOfOneChannel_Gets429ProblemDetails_AndOtherChannelsAreNotAffected()
    {
        var client = factory.CreateClient();
        // Concurrent, as Telegram posts: far more than a second's allowance, so some are refused whatever the timing.
        var responses = await Task.WhenAll(Enumerable.Range(0, LowRateLimitsFactory.WebhookPosts * 10).Select(_ => PostUpdateAsync(client, 901)));

        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(refused);
        // The rest reached the endpoint, which refuses a post without the secret.
        Assert.All(responses.Except(refused), r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        var first = refused[0];
        Assert.InRange(int.Parse(Assert.Single(first.Headers.GetValues("Retry-After"))), 1, 60);
        Assert.Equal("application/problem+json", first.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await first.Content.ReadAsStringAsync());
        Assert.Equal(429, problem.RootElement.GetProperty("status").GetInt32());

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostUpdateAsync(client, 902)).StatusCode);
    }

    private static async Task<HttpResponseMessage> PostUpdateAsync(HttpClient client, int channelId) =>
        await client.PostAsync($"/telegram/webhook/{channelId}", new StringContent("{\"update_id\":1}", Encoding.UTF8, "application/json"));

    private static async Task<HttpResponseMessage> RegisterAsync(HttpClient client, string email)
    {
        var page = await client.GetStringAsync("/account/register");
        return await client.PostAsync("/account/register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "register",
            ["__RequestVerificationToken"] = AccountClient.AntiforgeryTokenIn(page),
            ["Input.Name"] = "New Customer",
            ["Input.Email"] = email,
            ["Input.Password"] = "a perfectly long passphrase",
            ["Input.ConfirmPassword"] = "a perfectly long passphrase",
        }));
    }
}
