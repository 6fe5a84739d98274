using System.Text.Json;
using CommHub.Core.Channels;
using CommHub.Core.Data;
using CommHub.Core.Ingest;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Telegram.Bot;

namespace CommHub.Infrastructure.Telegram;

/// <summary>
/// Drains a Telegram channel's pending intake rows into messages, in arrival order and in batches, through
/// <see cref="TelegramUpdateProcessor"/>. A batch that throws is tried again one row at a time; a row that throws counts an
/// attempt and is passed over until the next drain, and after the last attempt it is Failed, so it never holds up the rows
/// after it. Rows already turned into messages may be processed again after a crash: ingest dedupes them.
/// </summary>
public sealed class TelegramIntakeProcessor(
    IDbContextFactory<CommHubDbContext> dbFactory,
    IntakeService intake,
    TelegramUpdateProcessor updates,
    TelegramBots bots,
    IntakeDrainGate gate,
    ILogger<TelegramIntakeProcessor> logger)
{
    /// <summary>Drains the channel, waiting for a drain already running; returns how many messages were new.</summary>
    public Task<int> DrainAsync(int channelId, CancellationToken cancellationToken = default) =>
        gate.RunAsync(channelId, wait: true, token => DrainOnceAsync(channelId, token), cancellationToken);

    /// <summary>Drains the channel unless a drain is running, which then picks up what this one was asked for.</summary>
    public Task<int> DrainIfIdleAsync(int channelId, CancellationToken cancellationToken = default) =>
        gate.RunAsync(channelId, wait: false, token => DrainOnceAsync(channelId, token), cancellationToken);

    private async Task<int> DrainOnceAsync(int channelId, CancellationToken cancellationToken)
    {
        Channel? channel;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            channel = await db.Channels.AsNoTracking().SingleOrDefaultAsync(c => c.Id == channelId && c.Kind == ChannelKind.Telegram, cancellationToken);
        // A disabled channel's rows wait until it is enabled again; a deleted one's until they are purged.
        if (channel is null || !channel.Enabled || channel.DeletedAt is not null || bots.Token(channel) is null) return 0;
        var bot = bots.For(channel);

        var stored = 0;
        var afterId = 0L;
        while (true)
        {
            var rows = await intake.PendingAsync(channelId, afterId, cancellationToken);
            if (rows.Count == 0) break;
            // Rows that fail stay pending behind this mark: each drain tries a row once.
            afterId = rows[^1].Id;
            stored += await ProcessAsync(channelId, rows, bot, cancellationToken);
        }
        return stored;
    }

    private async Task<int> ProcessAsync(int channelId, IReadOnlyList<InboundUpdate> rows, ITelegramBotClient bot, CancellationToken cancellationToken)
    {
        try
        {
            return await ProcessBatchAsync(channelId, rows, bot, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            if (rows.Count == 1)
            {
                await FailedAsync(channelId, rows[0], ex, cancellationToken);
                return 0;
            }
            logger.LogInformation(ex, "Telegram channel {Channel}: a batch of {Count} updates failed; trying them one at a time.", channelId, rows.Count);
        }
        var stored = 0;
        foreach (var row in rows)
        {
            try
            {
                stored += await ProcessBatchAsync(channelId, [row], bot, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                await FailedAsync(channelId, row, ex, cancellationToken);
            }
        }
        return stored;
    }

    private async Task<int> ProcessBatchAsync(int channelId, IReadOnlyList<InboundUpdate> rows, ITelegramBotClient bot, CancellationToken cancellationToken)
    {
        // Only JSON is ever stored (the webhook checks it, getUpdates answers it), so a payload always parses.
        var page = rows.Select(r => JsonSerializer.Deserialize<JsonElement>(r.Payload)).ToList();
        var result = await updates.ProcessAsync(channelId, page, bot, cancellationToken);
        foreach (var kind in result.Skipped.GroupBy(s => s.Value))
            await intake.MarkAsync(kind.Select(s => rows[s.Key].Id).ToList(), InboundUpdateState.Skipped, cancellationToken, skipKind: kind.Key);
        var skipped = result.Skipped.Keys.Select(i => rows[i].Id).ToHashSet();
        await intake.MarkAsync(rows.Select(r => r.Id).Where(id => !skipped.Contains(id)).ToList(), InboundUpdateState.Processed, cancellationToken);
        return result.Stored;
    }

    private async Task FailedAsync(int channelId, InboundUpdate row, Exception ex, CancellationToken cancellationToken)
    {
        var error = $"{ex.GetType().Name}: {ex.GetBaseException().Message}";
        var state = await intake.RecordFailureAsync(row.Id, error, cancellationToken);
        if (state == InboundUpdateState.Failed)
            logger.LogError(ex, "Telegram channel {Channel}: update {Update} failed {Attempts} times and is marked failed.", channelId, row.ExternalId, intake.Options.MaxAttempts);
        else
            logger.LogWarning(ex, "Telegram channel {Channel}: update {Update} failed; it is tried again on the next drain.", channelId, row.ExternalId);
    }
}
