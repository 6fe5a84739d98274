using CommHub.Infrastructure.Telegram;

namespace CommHub.Web.Features.Channels;

public static class TelegramWebhookEndpoints
{
    /// <summary>Largest update body accepted; Telegram's updates are a few kilobytes.</summary>
    private const int MaxBodyBytes = 1024 * 1024;

    /// <summary>
    /// Where Telegram posts a bot's updates. The URL names the channel and nothing secret; the request proves itself with
    /// the secret-token header. 401 without it; otherwise 200 at once, the work done in a job.
    /// </summary>
    public static IEndpointRouteBuilder MapTelegramWebhook(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(TelegramChannelAdmin.WebhookPath + "{channelId:int}", async (int channelId, HttpContext context, TelegramWebhook webhook, CancellationToken ct) =>
        {
            if (context.Request.ContentLength > MaxBodyBytes) return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(ct);
            var verdict = await webhook.AcceptAsync(channelId, context.Request.Headers[TelegramWebhook.SecretHeader].ToString(), body, ct);
            return verdict == WebhookVerdict.Accepted ? Results.Ok() : Results.Unauthorized();
        }).AllowAnonymous().DisableAntiforgery();
        return endpoints;
    }
}
