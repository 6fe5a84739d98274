using CommHub.Infrastructure.Telegram;
using Microsoft.AspNetCore.Http.Features;

namespace CommHub.Web.Features.Channels;

public static class TelegramWebhookEndpoints
{
    /// <summary>Largest update body accepted; Telegram's updates are a few kilobytes.</summary>
    private const int MaxBodyBytes = 1024 * 1024;

    /// <summary>
    /// Where Telegram posts a bot's updates. The URL names the channel and nothing secret; the request proves itself with
    /// the secret-token header. 401 without it; 200 once the update is stored (503 when it cannot be, so Telegram retries).
    /// </summary>
    public static IEndpointRouteBuilder MapTelegramWebhook(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(TelegramChannelAdmin.WebhookPath + "{channelId:int}", async (int channelId, HttpContext context, TelegramWebhook webhook, CancellationToken ct) =>
        {
            if (context.Request.ContentLength > MaxBodyBytes) return TooLarge();
            // A body without a length is held to the same limit while it is read.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxBodyBytes;
            string body;
            try
            {
                using var reader = new StreamReader(context.Request.Body);
                body = await reader.ReadToEndAsync(ct);
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return TooLarge();
            }
            var verdict = await webhook.AcceptAsync(channelId, context.Request.Headers[TelegramWebhook.SecretHeader].ToString(), body, ct);
            // A body of its own, so the status-code pages leave the 401 and 503 alone.
            return verdict switch
            {
                WebhookVerdict.Accepted => Results.Ok(),
                WebhookVerdict.Unavailable => Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
                    title: "The update could not be stored; send it again later."),
                _ => Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Missing or wrong X-Telegram-Bot-Api-Secret-Token."),
            };
        }).AllowAnonymous().DisableAntiforgery().RequireRateLimiting(RateLimits.RateLimitPolicies.TelegramWebhook);
        return endpoints;
    }

    private static IResult TooLarge() =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "A Telegram update is never this large.");
}
