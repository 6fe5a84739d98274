using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CommHub.Core.Channels;
using CommHub.Core.Data;
using CommHub.Core.Ingest;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CommHub.Infrastructure.Telegram;

public enum WebhookVerdict
{
    Accepted,
    /// <summary>No such Telegram channel, or the secret-token header is missing or wrong: nothing is stored.</summary>
    Unauthorized,
    /// <summary>The update could not be stored (the database refused it): not acknowledged, so Telegram sends it again.</summary>
    Unavailable,
}

/// <summary>
/// The webhook's front door: the secret-token header is compared in constant time with the channel's secret (the URL carries
/// no token); an accepted update is committed to the intake table, a drain of the channel is asked for, and only then is
/// Telegram answered 200. A redelivery stores nothing and is still accepted. A body that is not JSON is logged and counted
/// on the channel, and still accepted, so Telegram does not retry it forever.
/// </summary>
public sealed class TelegramWebhook(
    IDbContextFactory<CommHubDbContext> dbFactory,
    ChannelSecrets secrets,
    ChannelService channels,
    IntakeService intake,
    IIntakeSignal signal,
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

        ReceivedUpdate update;
        try
        {
            using var document = JsonDocument.Parse(body);
            update = new ReceivedUpdate(TelegramUpdateIds.ExternalId(document.RootElement, body), body);
        }
        catch (JsonException ex)
        {
            logger.LogWarning("Telegram channel {Channel}: the webhook received a body that is not JSON ({Problem}).", channelId, ex.Message);
            await channels.RecordProblemAsync(channelId, $"Skipped a malformed update from Telegram: {ex.Message}", cancellationToken);
            return WebhookVerdict.Accepted;
        }
        try
        {
            await intake.StoreAsync(channelId, update, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Whatever the cause (a refused write, a lost connection, retries used up), an update not stored is not acknowledged.
            logger.LogError(ex, "Telegram channel {Channel}: an update could not be stored; Telegram is told to send it again.", channelId);
            return WebhookVerdict.Unavailable;
        }
        // Also for a redelivery: its row may still be pending from a drain that a restart lost.
        signal.Drain(channelId);
        return WebhookVerdict.Accepted;
    }
}
