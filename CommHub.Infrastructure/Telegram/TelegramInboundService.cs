using System.Globalization;
using System.Text.Json;
using CommHub.Core.Channels;
using CommHub.Core.Conversations;
using CommHub.Core.Data;
using CommHub.Core.Ingest;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;

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
/// Brings Telegram updates in, from polling or the webhook alike. A page of updates is stored in as few transactions as
/// order allows (plain messages together; commands and edits in their place), and only then is the offset moved past it,
/// so a crash in between re-reads the page, which ingest dedupes. A malformed update is logged, counted on the channel and
/// skipped, so it cannot stall the channel.
/// </summary>
public sealed class TelegramInboundService(
    IDbContextFactory<CommHubDbContext> dbFactory,
    TelegramBots bots,
    IngestService ingest,
    ConversationService conversations,
    ChannelService channels,
    IOptions<TelegramOptions> options,
    TimeProvider clock,
    ILogger<TelegramInboundService> logger)
{
    private const int PageSize = 100;

    private TelegramUpdateReader Reader => new(options.Value.MaxDownloadBytes);

    public async Task<TelegramPollResult> PollAsync(int channelId, CancellationToken cancellationToken = default)
    {
        Channel? channel;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            channel = await db.Channels.AsNoTracking().SingleOrDefaultAsync(c => c.Id == channelId && c.Kind == ChannelKind.Telegram, cancellationToken);
        if (channel is null || !channel.Enabled || channel.DeletedAt is not null || TelegramChannelSettings.Of(channel).Mode != TelegramMode.Polling)
            return new TelegramPollResult(TelegramPollOutcome.Skipped, 0);

        var stored = 0;
        try
        {
            var bot = bots.For(channel);
            var offset = int.TryParse(channel.SyncCursor, NumberStyles.Integer, CultureInfo.InvariantCulture, out var cursor) ? cursor : (int?)null;
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
                    stored += await ProcessAsync(channelId, page, bot, cancellationToken);
                    // Confirmed only now that the page is stored: the next getUpdates with this offset forgets it at Telegram.
                    offset = page.Max(UpdateId) + 1;
                    await SaveCursorAsync(channelId, offset.Value, stored > 0, cancellationToken);
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

    /// <summary>One update the webhook received (already checked for the channel's secret).</summary>
    public async Task<int> ProcessWebhookUpdateAsync(int channelId, string json, CancellationToken cancellationToken = default)
    {
        Channel? channel;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            channel = await db.Channels.AsNoTracking().SingleOrDefaultAsync(c => c.Id == channelId && c.Kind == ChannelKind.Telegram, cancellationToken);
        if (channel is null || !channel.Enabled || channel.DeletedAt is not null) return 0;
        JsonElement update;
        try
        {
            using var document = JsonDocument.Parse(json);
            update = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            await MalformedAsync(channelId, ex.Message, cancellationToken);
            return 0;
        }
        var stored = await ProcessAsync(channelId, [update], bots.For(channel), cancellationToken);
        if (stored > 0)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            await db.Channels.Where(c => c.Id == channelId).ExecuteUpdateAsync(s => s.SetProperty(c => c.LastInboundAt, now), cancellationToken);
        }
        return stored;
    }

    /// <summary>Stores a page of updates in order; returns how many messages were new.</summary>
    public async Task<int> ProcessAsync(int channelId, IReadOnlyList<JsonElement> page, ITelegramBotClient bot, CancellationToken cancellationToken)
    {
        var items = new List<TelegramUpdateItem>();
        var reader = Reader;
        var seen = new HashSet<int>();
        foreach (var raw in page)
        {
            // The same update twice in one page is read once; ingest would only drop the second copy.
            if (UpdateId(raw) is var id and > 0 && !seen.Add(id)) continue;
            if (await ParseAsync(channelId, raw, cancellationToken) is not { } update) continue;
            try
            {
                items.Add(reader.Read(channelId, update, bot));
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException)
            {
                // One update the reader cannot read is counted and skipped; it must not stop the page (and the cursor).
                await MalformedAsync(channelId, ex.Message, cancellationToken);
            }
        }

        var stored = 0;
        var plain = new List<InboundMessage>();
        foreach (var item in items.Where(i => i.Kind != TelegramUpdateKind.Ignored))
        {
            if (item is { Kind: TelegramUpdateKind.Message, Command: null })
            {
                plain.Add(item.Inbound!);
                continue;
            }
            stored += await StoreAsync(plain, cancellationToken);
            plain.Clear();
            stored += item.Kind switch
            {
                TelegramUpdateKind.Edit => await EditAsync(item, cancellationToken),
                TelegramUpdateKind.TopicRenamed => await RenameTopicAsync(channelId, item, cancellationToken),
                _ => await CommandAsync(channelId, item, cancellationToken),
            };
        }
        return stored + await StoreAsync(plain, cancellationToken);
    }

    private async Task<int> StoreAsync(IReadOnlyList<InboundMessage> batch, CancellationToken cancellationToken) =>
        (await ingest.IngestBatchAsync(batch, cancellationToken)).Count(r => r.Outcome == IngestOutcome.Stored);

    private async Task<int> EditAsync(TelegramUpdateItem item, CancellationToken cancellationToken)
    {
        var inbound = item.Inbound!;
        if (await ingest.ApplyEditAsync(inbound.ChannelId, inbound.ExternalId, inbound.Text, item.EditedAt!.Value, inbound.SanitizedHtml, cancellationToken))
            return 0;
        // An edit of a message never seen (sent before the bot joined): it is new to us.
        return await StoreAsync([inbound], cancellationToken);
    }

    /// <summary>A renamed topic renames its conversation; nothing is stored, so it counts as no message.</summary>
    private async Task<int> RenameTopicAsync(int channelId, TelegramUpdateItem item, CancellationToken cancellationToken)
    {
        await conversations.RenameThreadAsync(channelId, item.ThreadKey!, item.TopicName!, cancellationToken);
        return 0;
    }

    /// <summary>/start opens the conversation and greets; /end resolves it. A redelivered command does nothing twice.</summary>
    private async Task<int> CommandAsync(int channelId, TelegramUpdateItem item, CancellationToken cancellationToken)
    {
        var result = await ingest.IngestAsync(item.Inbound!, cancellationToken);
        if (result.Outcome == IngestOutcome.Duplicate) return 0;
        if (item.Command == "/end")
        {
            await conversations.SetStatusAsync(result.ConversationId, ConversationStatus.Resolved, cancellationToken: cancellationToken);
        }
        else
        {
            Channel channel;
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
                channel = await db.Channels.AsNoTracking().SingleAsync(c => c.Id == channelId, cancellationToken);
            var settings = TelegramChannelSettings.Of(channel);
            var greeting = string.IsNullOrWhiteSpace(settings.Greeting) ? options.Value.Greeting : settings.Greeting;
            await conversations.SendBotMessageAsync(result.ConversationId, channel.Name, greeting, cancellationToken);
        }
        return 1;
    }

    private async Task<Update?> ParseAsync(int channelId, JsonElement raw, CancellationToken cancellationToken)
    {
        try
        {
            var update = NormalizedId(raw).Deserialize<Update>(JsonBotAPI.Options);
            var problem = update is null || !raw.TryGetProperty("update_id", out _) ? "the update has no update_id"
                : (update.Message ?? update.EditedMessage ?? update.ChannelPost ?? update.EditedChannelPost) is { Chat: null } ? "its message has no chat"
                : null;
            if (problem is null) return update;
            await MalformedAsync(channelId, problem, cancellationToken);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or NotSupportedException)
        {
            await MalformedAsync(channelId, ex.Message, cancellationToken);
        }
        return null;
    }

    private async Task MalformedAsync(int channelId, string problem, CancellationToken cancellationToken)
    {
        logger.LogWarning("Telegram channel {Channel}: skipped a malformed update ({Problem}).", channelId, problem);
        await channels.RecordProblemAsync(channelId, $"Skipped a malformed update from Telegram: {problem}", cancellationToken);
    }

    /// <summary>
    /// The update as the Bot API types read it: an update_id sent as a numeric string, or one past 32 bits (which the
    /// library's int cannot hold; the id is not needed to store the message), is rewritten instead of failing the update.
    /// </summary>
    private static JsonElement NormalizedId(JsonElement raw)
    {
        if (raw.ValueKind != JsonValueKind.Object || !raw.TryGetProperty("update_id", out var id) || id.ValueKind == JsonValueKind.Number && id.TryGetInt32(out _))
            return raw;
        long value;
        if (id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out var number)) value = number;
        else if (id.ValueKind == JsonValueKind.String && long.TryParse(id.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)) value = parsed;
        else return raw;
        var copy = System.Text.Json.Nodes.JsonNode.Parse(raw.GetRawText())!.AsObject();
        copy["update_id"] = value is >= 0 and <= int.MaxValue ? (int)value : 0;
        return JsonSerializer.SerializeToElement(copy);
    }

    private static int UpdateId(JsonElement raw) =>
        raw.ValueKind == JsonValueKind.Object && raw.TryGetProperty("update_id", out var id)
        && (id.ValueKind == JsonValueKind.Number ? id.TryGetInt32(out var value)
            : id.ValueKind == JsonValueKind.String && int.TryParse(id.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out value)) ? value : 0;

    private async Task SaveCursorAsync(int channelId, int offset, bool storedAny, CancellationToken cancellationToken)
    {
        var cursor = offset.ToString(CultureInfo.InvariantCulture);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // One statement, not a read and a save: this runs after every page.
        await db.Channels.Where(c => c.Id == channelId).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.SyncCursor, cursor)
            .SetProperty(c => c.LastInboundAt, c => storedAny ? now : c.LastInboundAt)
            .SetProperty(c => c.UpdatedAt, now), cancellationToken);
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
