using System.Globalization;
using CommHub.Core.Attachments;
using CommHub.Core.Channels;
using CommHub.Core.Data;
using CommHub.Core.Outbox;
using Microsoft.EntityFrameworkCore;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;

namespace CommHub.Infrastructure.Telegram;

/// <summary>
/// Sends a reply into its chat (and forum topic): text in pieces of at most 4096 characters, then each file uploaded from
/// the blob store (sendPhoto for images, sendDocument otherwise; never a link). The first piece answers the message the
/// reply was written to. 429 waits Telegram's retry_after; 5xx and network errors back off; 403 is final. Stopped partway,
/// it reports how many parts went, and the retry resumes after them.
/// </summary>
public sealed class TelegramSender(
    IDbContextFactory<CommHubDbContext> dbFactory,
    TelegramBots bots,
    IBlobStore blobs,
    TelegramPacer pacer) : IChannelSender
{
    /// <summary>Pacing waits this long in place; a longer wait goes back to the outbox as a retry-after.</summary>
    private static readonly TimeSpan MaxInlineWait = TimeSpan.FromSeconds(3);

    private const long MaxPhotoBytes = 10 * 1024 * 1024;

    public ChannelKind Kind => ChannelKind.Telegram;

    public async Task<SendResult> SendAsync(OutboundEnvelope envelope, CancellationToken cancellationToken)
    {
        var (chatId, topic) = Target(envelope.ExternalThreadKey ?? envelope.RecipientIdentity);
        if (chatId is null) return new SendResult(SendOutcome.Permanent, Error: "This conversation has no Telegram chat to reply to.");

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var channel = await db.Channels.AsNoTracking().SingleAsync(c => c.Id == envelope.ChannelId, cancellationToken);
        if (bots.Token(channel) is not { } token) return new SendResult(SendOutcome.Permanent, Error: "The Telegram channel has no bot token (was it deleted?).");
        var message = await db.Messages.AsNoTracking().Where(m => m.Id == envelope.MessageId)
            .Select(m => new { m.ReplyToMessageId })
            .SingleAsync(cancellationToken);
        var replyTo = message.ReplyToMessageId is { } replyId
            ? MessageId(await db.Messages.Where(m => m.Id == replyId).Select(m => m.ExternalId).SingleOrDefaultAsync(cancellationToken))
            : null;

        var bot = bots.For(token);
        var group = chatId.StartsWith('-');
        // Parts are the text's pieces, then the files; a retry skips those an earlier attempt delivered.
        var part = -1;
        var delivered = envelope.PartsSent;
        string? first = null;
        SendResult Stopped(SendResult result) => result with { PartsSent = delivered, ExternalId = first };
        try
        {
            foreach (var piece in TelegramText.Split(envelope.Text))
            {
                if (++part < envelope.PartsSent) continue;
                if (await PaceAsync(chatId, group, cancellationToken) is { } later) return Stopped(later);
                var sent = await bot.SendMessage(chatId, piece, replyParameters: Reply(part == 0 ? replyTo : null), messageThreadId: topic, cancellationToken: cancellationToken);
                first ??= $"{chatId}:{sent.Id.ToString(CultureInfo.InvariantCulture)}";
                delivered = part + 1;
            }
            // The files as the outbox chose them: a staff photo's cleaned copy (no EXIF/GPS) unless "send original" was chosen.
            foreach (var file in envelope.Files ?? [])
            {
                if (++part < envelope.PartsSent) continue;
                if (await PaceAsync(chatId, group, cancellationToken) is { } later) return Stopped(later);
                await using var content = await blobs.OpenReadAsync(file.BlobKey, cancellationToken);
                if (content is null)
                    return Stopped(new SendResult(SendOutcome.Permanent, Error: $"The attached file “{file.FileName}” is no longer stored, so it cannot be sent."));
                var upload = InputFile.FromStream(content, file.FileName);
                var reply = Reply(part == 0 ? replyTo : null);
                var sent = FileTypes.FromContentType(file.ContentType).IsRasterImage && (file.Size is null or <= MaxPhotoBytes)
                    ? await bot.SendPhoto(chatId, upload, replyParameters: reply, messageThreadId: topic, cancellationToken: cancellationToken)
                    : await bot.SendDocument(chatId, upload, replyParameters: reply, messageThreadId: topic, cancellationToken: cancellationToken);
                first ??= $"{chatId}:{sent.Id.ToString(CultureInfo.InvariantCulture)}";
                delivered = part + 1;
            }
            return SendResult.Sent(first) with { PartsSent = delivered };
        }
        catch (ApiRequestException ex)
        {
            return Stopped(Result(ex));
        }
        catch (RequestException ex)
        {
            return Stopped(new SendResult(SendOutcome.Retry, Error: $"Could not reach Telegram: {ex.Message}"));
        }
    }

    private static SendResult Result(ApiRequestException ex) => ex.ErrorCode switch
    {
        429 => new SendResult(SendOutcome.Retry, Error: $"Telegram asked to slow down: {ex.Message}",
            RetryAfter: TimeSpan.FromSeconds(ex.Parameters?.RetryAfter ?? 5)),
        403 => new SendResult(SendOutcome.Permanent,
            Error: $"Telegram refused delivery: the bot was blocked by this person or removed from the chat ({ex.Message}). Not retried."),
        401 or 404 => new SendResult(SendOutcome.Permanent, Error: "Telegram rejected the bot token: it is wrong or was revoked in @BotFather."),
        >= 500 => new SendResult(SendOutcome.Retry, Error: $"Telegram answered {ex.ErrorCode}: {ex.Message}"),
        _ => new SendResult(SendOutcome.Permanent, Error: $"Telegram refused the message ({ex.ErrorCode}): {ex.Message}"),
    };

    private async Task<SendResult?> PaceAsync(string chatId, bool group, CancellationToken cancellationToken)
    {
        var (wait, reserved) = pacer.Reserve(chatId, group, MaxInlineWait);
        if (!reserved) return new SendResult(SendOutcome.Retry, Error: "Paced: this chat has had many messages this minute.", RetryAfter: wait);
        if (wait > TimeSpan.Zero) await Task.Delay(wait, cancellationToken);
        return null;
    }

    private static ReplyParameters? Reply(int? messageId) =>
        messageId is { } id ? new ReplyParameters { MessageId = id, AllowSendingWithoutReply = true } : null;

    /// <summary>"chat" or "chat:topic" (the thread key ingest stored).</summary>
    internal static (string? ChatId, int? Topic) Target(string? threadKey)
    {
        if (string.IsNullOrWhiteSpace(threadKey)) return (null, null);
        var parts = threadKey.Split(':');
        if (!long.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)) return (null, null);
        return (parts[0], parts.Length > 1 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var topic) ? topic : null);
    }

    private static int? MessageId(string? externalId) =>
        externalId?.Split(':') is [_, var id] && int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
