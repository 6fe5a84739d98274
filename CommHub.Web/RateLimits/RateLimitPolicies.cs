using CommHub.Core.Common;
using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace CommHub.Web.RateLimits;

/// <summary>
/// The named rate-limit policies (ASP.NET Core rate limiting). Over the limit a request gets 429 with Retry-After:
/// a short page for the sign-in and registration forms, ProblemDetails for endpoints.
/// </summary>
public static class RateLimitPolicies
{
    public const string SignIn = "sign-in";
    public const string Registration = "registration";
    public const string TelegramWebhook = "telegram-webhook";
    public const string Api = "api";

    public static IServiceCollection AddCommHubRateLimits(this IServiceCollection services)
    {
        services.AddValidatedOptions<RateLimitOptions>(RateLimitOptions.Section);
        services.AddSingleton<MessageSendLimiter>();
        services.AddSingleton<UploadLimiter>();
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(SignIn, context => FormPosts(context, o => o.SignInPerMinute, TimeSpan.FromMinutes(1)));
            limiter.AddPolicy(Registration, context => FormPosts(context, o => o.RegistrationsPerMinute, TimeSpan.FromMinutes(1)));
            // Per channel, not per address: all of Telegram's posts come from a few of its servers.
            limiter.AddPolicy(TelegramWebhook, context => RateLimitPartition.GetFixedWindowLimiter(
                "channel:" + (context.Request.RouteValues["channelId"]?.ToString() ?? ""),
                _ => Window(Limits(context).TelegramWebhookPerSecond, TimeSpan.FromSeconds(1))));
            // Per token (the authorization middleware has authenticated it by now), so one busy script never slows another.
            limiter.AddPolicy(Api, context => RateLimitPartition.GetTokenBucketLimiter(
                "token:" + (context.User.FindFirstValue(Features.Api.ApiTokenHandler.TokenClaim) ?? ClientKey(context)),
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = Limits(context).ApiBurst,
                    TokensPerPeriod = 1,
                    ReplenishmentPeriod = TimeSpan.FromMinutes(1) / Limits(context).ApiPerMinute,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            limiter.OnRejected = RejectAsync;
        });
        return services;
    }

    /// <summary>The signed-in user, or else the client's address (behind a proxy, as forwarded headers set it).</summary>
    public static string ClientKey(HttpContext context) =>
        context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { Length: > 0 } userId
            ? "user:" + userId
            : "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    // Showing the form costs nothing and must always work; only posting it counts.
    private static RateLimitPartition<string> FormPosts(HttpContext context, Func<RateLimitOptions, int> limit, TimeSpan window) =>
        HttpMethods.IsPost(context.Request.Method)
            ? RateLimitPartition.GetFixedWindowLimiter(ClientKey(context), _ => Window(limit(Limits(context)), window))
            : RateLimitPartition.GetNoLimiter("");

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) =>
        new() { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true };

    private static RateLimitOptions Limits(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 60;
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var wait = seconds == 1 ? "a second" : $"{seconds} seconds";

        var policy = context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;
        var (page, message) = policy switch
        {
            SignIn => ("/account/login", $"Too many sign-in attempts from your network. Wait {wait} and try again."),
            Registration => ("/account/register", $"Too many accounts were created from your network just now. Wait {wait} and try again."),
            _ => (null, $"Too many requests. Retry after {wait}."),
        };
        if (page is null)
        {
            await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests", detail: message)
                .ExecuteAsync(context);
            return;
        }
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(TooManyPage(message, page), cancellationToken);
    }

    // A form post answered before any page runs: a plain page in the sign-in pages' look, with the way back.
    private static string TooManyPage(string message, string back) => $"""
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1.0" />
        <title>Too many attempts · CommHub</title><link rel="stylesheet" href="/app.css" /></head>
        <body><div class="account-shell"><main class="account-card">
        <h1>Slow down a little</h1>
        <div class="alert" role="alert" data-testid="rate-limited">{WebUtility.HtmlEncode(message)}</div>
        <p style="margin-top:16px"><a href="{back}" data-testid="rate-limited-back">Back to the form</a></p>
        </main></div></body>
        </html>
        """;
}
