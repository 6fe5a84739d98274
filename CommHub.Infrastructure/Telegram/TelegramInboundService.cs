using System.Globalization;
using System.Text.Json;
using CommHub.Core.Channels;
using CommHub.Core.Data;
using CommHub.Core.Ingest;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot.Exceptions;

namespace CommHub.Infrastructure.Telegram;

public enum TelegramPollOutcome
{
    Polled,
    /// <summary>Disabled, deleted, or on a webhook: nothing was asked of Telegram.</summary>
    Skipped,
    Failed,
}

public sealed record TelegramPollResult(TelegramPollOutcome Outcome, int Stored, string? Error = null);

/// <summary>
/// Polls a bot's updates (getUpdates). Each page goes into the intake table together with the offset past it, in one
/// transaction, and is then drained into messages by <see cref="TelegramIntakeProcessor"/>, the same path webhook updates take.
/// </summary>
public sealed class TelegramInboundService(
    IDbContextFactory<CommHubDbContext> dbFactory,
    TelegramBots bots,
    IntakeService intake,
    TelegramIntakeProcessor processor,
    ChannelService channels,
    IOptions<TelegramOptions> options,
    TimeProvider clock,
    ILogger<TelegramInboundService> logger)
{
    private const int PageSize = 100;

    public Task<TelegramPollResult> PollAsync(int channelId, CancellationToken cancellationToken = default) =>
        PollAsync(channelId, drain: true, cancellationToken);

    /// <param name="drain">False only to measure receiving alone (the intake benchmark): pages are stored, not processed.</param>
    internal async Task<TelegramPollResult> PollAsync(int channelId, bool drain, CancellationToken cancellationToken)
    {
        Channel? channel;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            channel = await db.Channels.AsNoTracking().SingleOrDefaultAsync(c => c.Id == channelId && c.Kind == ChannelKind.Telegram, cancellationToken);
        if (channel is null || !channel.Enabled || channel.DeletedAt is not null || TelegramChannelSettings.Of(channel).Mode != TelegramMode.Polling)
            return new TelegramPollResult(TelegramPollOutcome.Skipped, 0);

        if (bots.Token(channel) is null)
        {
            // Added without a token (or the demo's bots): shown failing with what to do, not Active.
            const string noToken = "This bot has no token: delete it and add the bot again with the token @BotFather gave you.";
            await channels.RecordFailureAsync(channelId, noToken, cancellationToken);
            return new TelegramPollResult(TelegramPollOutcome.Failed, 0, noToken);
        }
        var stored = 0;
        try
        {
            var bot = bots.For(channel);
            var offset = long.TryParse(channel.SyncCursor, NumberStyles.Integer, CultureInfo.InvariantCulture, out var cursor) ? cursor : (long?)null;
            var deadline = clock.GetUtcNow() + TimeSpan.FromSeconds(options.Value.PollWindowSeconds);
            while (true)
            {
                var left = (int)Math.Max(0, (deadline - clock.GetUtcNow()).TotalSeconds);
                var page = await bot.SendRequest(new RawGetUpdatesRequest
                {
                    Offset = offset, Limit = PageSize, Timeout = Math.Min(options.Value.LongPollSeconds, left), AllowedUpdates = RawGetUpdatesRequest.Wanted,
                }, cancellationToken);
                if (page.Length > 0)
                {
                    // The page's rows and the offset past it are one commit: the next getUpdates with this offset makes
                    // Telegram forget the page, so it must be stored by then; a crash before the commit re-reads it.
                    var next = page.Select(TelegramUpdateIds.UpdateId).Where(id => id is not null).Max() + 1 ?? offset;
                    await StorePageAsync(channelId, page, next, cancellationToken);
                    offset = next;
                    if (drain) stored += await processor.DrainAsync(channelId, cancellationToken);
                }
                // A full page means more are waiting; otherwise poll again only while the window lasts.
                if (page.Length < PageSize && clock.GetUtcNow() >= deadline) break;
            }
            await channels.RecordHealthyAsync(channelId, cancellationToken);
            return new TelegramPollResult(TelegramPollOutcome.Polled, stored);
        }
        catch (Exception ex) when (ex is ApiRequestException or RequestException or HttpRequestException)
        {
            var error = Describe(ex);
            logger.LogWarning(ex, "Telegram polling of channel {Channel} failed.", channelId);
            await channels.RecordFailureAsync(channelId, error, cancellationToken);
            return new TelegramPollResult(TelegramPollOutcome.Failed, stored, error);
        }
    }

    private async Task StorePageAsync(int channelId, IReadOnlyList<JsonElement> page, long? offset, CancellationToken cancellationToken)
    {
        var rows = page.Select(TelegramUpdateIds.Received).ToList();
        var cursor = offset?.ToString(CultureInfo.InvariantCulture);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.InTransactionAsync(async token =>
        {
            await intake.AddPageAsync(db, channelId, rows, token);
            await db.SaveChangesAsync(token);
            var now = clock.GetUtcNow().UtcDateTime;
            // One statement, not a read and a save: this runs after every page.
            await db.Channels.Where(c => c.Id == channelId).ExecuteUpdateAsync(s => s
                .SetProperty(c => c.SyncCursor, c => cursor ?? c.SyncCursor)
                .SetProperty(c => c.UpdatedAt, now), token);
        }, cancellationToken);
    }

    /// <summary>What an admin reads on the channels page.</summary>
    public static string Describe(Exception ex) => ex switch
    {
        ApiRequestException { ErrorCode: 401 or 404 } => "Telegram rejected the bot token (Unauthorized): it is wrong or was revoked in @BotFather.",
        ApiRequestException { ErrorCode: 409 } api => $"Telegram refused polling: {api.Message}",
        ApiRequestException api => $"Telegram answered {api.ErrorCode}: {api.Message}",
        _ => $"Could not reach Telegram: {ex.Message}{(ex.InnerException is { } inner ? $" ({inner.Message})" : "")}",
    };
}
