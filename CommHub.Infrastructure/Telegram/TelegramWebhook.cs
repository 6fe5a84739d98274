using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CommHub.Core.Channels;
using CommHub.Core.Data;
using CommHub.Infrastructure.Jobs;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CommHub.Infrastructure.Telegram;

public enum WebhookVerdict
{
    Accepted,
    /// <summary>No such Telegram channel, or the secret-token header is missing or wrong: nothing is stored.</summary>
    Unauthorized,
}

/// <summary>
/// The webhook's front door: the secret-token header is compared in constant time with the channel's secret (the URL carries
/// no token), and an accepted update is handed to a job so Telegram gets its 200 at once. A body that is not JSON is logged
/// and counted on the channel, and still accepted, so Telegram does not retry it forever.
/// </summary>
public sealed class TelegramWebhook(
    IDbContextFactory<CommHubDbContext> dbFactory,
    ChannelSecrets secrets,
    ChannelService channels,
    IBackgroundJobClient jobs,
    ILogger<TelegramWebhook> logger)
{
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    public async Task<WebhookVerdict> AcceptAsync(int channelId, string? secretHeader, string body, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(secretHeader)) return WebhookVerdict.Unauthorized;
        Channel? channel;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            channel = await db.Channels.AsNoTracking().SingleOrDefaultAsync(c => c.Id == channelId && c.Kind == ChannelKind.Telegram && c.DeletedAt == null, cancellationToken);
        var expected = channel is null ? null : secrets.Read(channel).GetValueOrDefault(TelegramChannelSettings.WebhookSecretKey);
        if (expected is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(secretHeader), Encoding.UTF8.GetBytes(expected)))
            return WebhookVerdict.Unauthorized;

        try
        {
            using var _ = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            logger.LogWarning("Telegram channel {Channel}: the webhook received a body that is not JSON ({Problem}).", channelId, ex.Message);
            await channels.RecordProblemAsync(channelId, $"Skipped a malformed update from Telegram: {ex.Message}", cancellationToken);
            return WebhookVerdict.Accepted;
        }
        jobs.Enqueue<TelegramUpdateJob>(job => job.RunAsync(channelId, body, CancellationToken.None));
        return WebhookVerdict.Accepted;
    }
}
