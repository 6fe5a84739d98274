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
using Telegram.Bot.Types;

namespace CommHub.Infrastructure.Telegram;

/// <param name="Skipped">
/// The updates of the page that were skipped (malformed, or nothing a conversation shows), by index into the page, each
/// with its kind ("poll", "message_reaction", "malformed"…), which /channels counts.
/// </param>
public sealed record TelegramPageResult(int Stored, IReadOnlyDictionary<int, string> Skipped);

/// <summary>
/// Turns Telegram updates into messages, whichever way they came. A page of updates is stored in as few transactions as
/// order allows (plain messages together; commands and edits in their place); ingest dedupes, so a page processed twice
/// stores nothing twice. A malformed update is logged, counted on the channel and skipped, so it cannot stall the channel.
/// </summary>
public sealed class TelegramUpdateProcessor(
    IDbContextFactory<CommHubDbContext> dbFactory,
    IngestService ingest,
    ConversationService conversations,
    ChannelService channels,
    IOptions<TelegramOptions> options,
    TimeProvider clock,
    ILogger<TelegramUpdateProcessor> logger)
{
    private TelegramUpdateReader Reader => new(options.Value.MaxDownloadBytes, clock.GetUtcNow().UtcDateTime);

    /// <summary>
    /// Turns a page of updates into messages in order. Returns how many messages were new, and which updates of the page
    /// were skipped: malformed (counted on the channel), or nothing a conversation shows.
    /// </summary>
    public async Task<TelegramPageResult> ProcessAsync(int channelId, IReadOnlyList<JsonElement> page, ITelegramBotClient bot, CancellationToken cancellationToken)
    {
        var items = new List<(int Index, TelegramUpdateItem Item)>();
        var skipped = new Dictionary<int, string>();
        var reader = Reader;
        var seen = new HashSet<long>();
        for (var index = 0; index < page.Count; index++)
        {
            var raw = page[index];
            // The same update twice in one page is read once; ingest would only drop the second copy.
            if (TelegramUpdateIds.UpdateId(raw) is { } id && !seen.Add(id)) continue;
            if (await ParseAsync(channelId, raw, cancellationToken) is not { } update)
            {
                skipped[index] = IntakeSkipKinds.Malformed;
                continue;
            }
            try
            {
                var item = reader.Read(channelId, update, bot);
                if (item.Kind == TelegramUpdateKind.Ignored) skipped[index] = item.SkipKind ?? IntakeSkipKinds.Unknown;
                else items.Add((index, item));
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException)
            {
                // One update the reader cannot read is counted and skipped; it must not stop the page.
                skipped[index] = IntakeSkipKinds.Malformed;
                await MalformedAsync(channelId, ex.Message, cancellationToken);
            }
        }

        var stored = 0;
        var plain = new List<InboundMessage>();
        foreach (var (index, item) in items)
        {
            if (item is { Kind: TelegramUpdateKind.Message, Command: null })
            {
                plain.Add(item.Inbound!);
                continue;
            }
            stored += await StoreAsync(plain, cancellationToken);
            plain.Clear();
            // A system line goes to its thread's conversation; a thread with none is not started by it: skipped, by its kind.
            if (item.Kind == TelegramUpdateKind.System && !await ingest.AddSystemLineAsync(item.Inbound!, cancellationToken))
                skipped[index] = item.SkipKind ?? IntakeSkipKinds.Unknown;
            stored += item.Kind switch
            {
                TelegramUpdateKind.Edit => await EditAsync(item, cancellationToken),
                TelegramUpdateKind.TopicRenamed => await RenameTopicAsync(channelId, item, cancellationToken),
                TelegramUpdateKind.System => 0,
                _ => await CommandAsync(channelId, item, cancellationToken),
            };
        }
        stored += await StoreAsync(plain, cancellationToken);
        return new TelegramPageResult(stored, skipped);
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
            var update = TelegramLegacyFields.Normalized(NormalizedId(raw)).Deserialize<Update>(JsonBotAPI.Options);
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

}
