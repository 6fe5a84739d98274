using System.Globalization;
using CommHub.Core.Contacts;
using CommHub.Core.Ingest;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace CommHub.Infrastructure.Telegram;

public enum TelegramUpdateKind
{
    /// <summary>A new message (or channel post) to store.</summary>
    Message,
    /// <summary>An edit of a message that may already be stored.</summary>
    Edit,
    /// <summary>Nothing a conversation shows (a member joined, a reaction, a poll, a service message).</summary>
    Ignored,
    /// <summary>A forum topic got a new name: its conversation takes it.</summary>
    TopicRenamed,
    /// <summary>A member joined or left, a topic was closed or reopened: a system line in the conversation, if there is one.</summary>
    System,
}

/// <param name="Command">"/start" or "/end" when the message is that command.</param>
/// <param name="ThreadKey">For <see cref="TelegramUpdateKind.TopicRenamed"/>: the topic's thread key, and <paramref name="TopicName"/> its new name.</param>
/// <param name="SkipKind">
/// What kind of update it is, in the Bot API's words ("poll", "message_reaction", "new_chat_members"…): why an
/// <see cref="TelegramUpdateKind.Ignored"/> update was skipped, or a system line's kind when it has no conversation to go to.
/// </param>
public sealed record TelegramUpdateItem(
    int UpdateId, TelegramUpdateKind Kind, InboundMessage? Inbound = null, string? Command = null, DateTime? EditedAt = null,
    string? ThreadKey = null, string? TopicName = null, string? SkipKind = null);

/// <summary>
/// One Telegram update as a channel-neutral inbound message. ExternalId is "chat:message", unique per chat as Telegram's
/// message ids are; the thread is the chat, or the chat and forum topic, so every topic is its own conversation.
/// In a group the sender is a contact of their own and the conversation belongs to the group (a contact keyed on the chat id).
/// </summary>
/// <param name="now">When the update is read: the date of a message whose own date cannot be right (0, before Telegram, in the future).</param>
public sealed class TelegramUpdateReader(long maxDownloadBytes, DateTime now)
{
    /// <summary>Telegram's launch: no message is older.</summary>
    private static readonly DateTime Earliest = new(2013, 8, 1, 0, 0, 0, DateTimeKind.Utc);

    public TelegramUpdateItem Read(int channelId, Update update, ITelegramBotClient bot)
    {
        var (message, edit) = update switch
        {
            { Message: { } m } => (m, false),
            { ChannelPost: { } m } => (m, false),
            { EditedMessage: { } m } => (m, true),
            { EditedChannelPost: { } m } => (m, true),
            _ => (null, false),
        };
        if (message is null) return Ignored(update, update.Type.ToString());
        if (message is { ForumTopicEdited.Name: { Length: > 0 } newName, MessageThreadId: { } topic })
            return new TelegramUpdateItem(update.Id, TelegramUpdateKind.TopicRenamed,
                ThreadKey: $"{message.Chat.Id.ToString(CultureInfo.InvariantCulture)}:{topic.ToString(CultureInfo.InvariantCulture)}", TopicName: newName);
        if (!edit && SystemLine(channelId, message) is { } line)
            return new TelegramUpdateItem(update.Id, TelegramUpdateKind.System, line, SkipKind: KindName(message.Type.ToString()));
        var inbound = Read(channelId, message, bot);
        if (inbound is null) return Ignored(update, message.Type.ToString());
        var command = edit ? null : TelegramText.Command(message.Text ?? "", message.Entities);
        return new TelegramUpdateItem(update.Id, edit ? TelegramUpdateKind.Edit : TelegramUpdateKind.Message, inbound,
            command is "/start" or "/end" ? command : null, edit ? SentAt(message.EditDate ?? message.Date) : null);
    }

    private static TelegramUpdateItem Ignored(Update update, string kind) => new(update.Id, TelegramUpdateKind.Ignored, SkipKind: KindName(kind));

    /// <summary>An enum name of the library as the Bot API's field name: MessageReaction → message_reaction.</summary>
    private static string KindName(string name) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(name);

    /// <summary>
    /// Membership and topic changes, which matter in the thread as a small line (who joined or left, the topic closed or
    /// reopened); never a customer's message. Other service messages are skipped.
    /// </summary>
    private InboundMessage? SystemLine(int channelId, Message message)
    {
        var by = message.From is { } actor ? NameOf(actor) : null;
        var text = message switch
        {
            { NewChatMembers: { Length: > 0 } joined } when by is null || joined.All(j => j.Id == message.From!.Id) =>
                $"{string.Join(", ", joined.Select(NameOf))} joined the group",
            { NewChatMembers: { Length: > 0 } added } => $"{by} added {string.Join(", ", added.Select(NameOf))} to the group",
            { LeftChatMember: { } left } when by is null || left.Id == message.From!.Id => $"{NameOf(left)} left the group",
            { LeftChatMember: { } removed } => $"{by} removed {NameOf(removed)} from the group",
            { ForumTopicClosed: not null } => by is null ? "The topic was closed" : $"{by} closed the topic",
            { ForumTopicReopened: not null } => by is null ? "The topic was reopened" : $"{by} reopened the topic",
            _ => null,
        };
        return text is null ? null : Envelope(channelId, message) with { Text = text, IsSystem = true };
    }

    private InboundMessage? Read(int channelId, Message message, ITelegramBotClient bot)
    {
        var chat = message.Chat;
        var files = new List<InboundFile>();
        var text = message.Text ?? message.Caption ?? "";
        var entities = message.Text is not null ? message.Entities : message.CaptionEntities;
        double? latitude = null, longitude = null;
        string? place = null;
        var extra = new List<string>();

        if (message.Photo is { Length: > 0 } sizes)
        {
            var largest = sizes.MaxBy(p => (long)p.Width * p.Height)!;
            files.Add(File(bot, largest, $"photo_{largest.FileUniqueId}.jpg"));
        }
        if (message.Document is { } document) files.Add(File(bot, document, document.FileName ?? $"document_{document.FileUniqueId}"));
        if (message.Voice is { } voice) files.Add(File(bot, voice, $"voice_{voice.FileUniqueId}.ogg"));
        if (message.Audio is { } audio) files.Add(File(bot, audio, audio.FileName ?? $"audio_{audio.FileUniqueId}.mp3"));
        if (message.Video is { } video) files.Add(File(bot, video, video.FileName ?? $"video_{video.FileUniqueId}.mp4"));
        if (message.VideoNote is { } note) files.Add(File(bot, note, $"video_note_{note.FileUniqueId}.mp4"));
        if (message.Sticker is { } sticker)
        {
            // Shown as an image: a still sticker is WebP; an animated or video one is shown by its still thumbnail.
            if (!sticker.IsAnimated && !sticker.IsVideo) files.Add(File(bot, sticker, $"sticker_{sticker.FileUniqueId}.webp"));
            else if (sticker.Thumbnail is { } thumbnail) files.Add(File(bot, thumbnail, $"sticker_{sticker.FileUniqueId}.webp"));
            if (text.Length == 0) text = sticker.Emoji ?? "";
        }
        if (message.Venue is { } venue)
        {
            (latitude, longitude) = (venue.Location.Latitude, venue.Location.Longitude);
            place = venue.Title;
            extra.Add($"📍 {venue.Title}, {venue.Address}\n{MapLink(latitude.Value, longitude.Value)}");
        }
        else if (message.Location is { } location)
        {
            (latitude, longitude) = (location.Latitude, location.Longitude);
            extra.Add($"📍 Location\n{MapLink(latitude.Value, longitude.Value)}");
        }
        if (message.Contact is { } card)
            extra.Add($"👤 Contact: {string.Join(' ', new[] { card.FirstName, card.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)))}, {card.PhoneNumber}");

        if (text.Length == 0 && files.Count == 0 && extra.Count == 0) return null;
        var html = TelegramText.ToHtml(text, entities);
        if (extra.Count > 0)
        {
            var suffix = string.Join("\n", extra);
            text = text.Length == 0 ? suffix : text + "\n" + suffix;
            if (html is not null) html += "<br>" + System.Net.WebUtility.HtmlEncode(suffix).Replace("\n", "<br>", StringComparison.Ordinal);
        }

        var chatId = chat.Id.ToString(CultureInfo.InvariantCulture);
        return Envelope(channelId, message) with
        {
            Text = text,
            Files = files,
            SanitizedHtml = html,
            Latitude = latitude,
            Longitude = longitude,
            LocationName = place,
            Labels = TelegramText.Hashtags(text, entities),
            // In a forum topic every message "answers" the topic's opening service message; only real replies count.
            ReplyToExternalId = message.ReplyToMessage is { ForumTopicCreated: null } answered
                ? $"{chatId}:{answered.Id.ToString(CultureInfo.InvariantCulture)}"
                : null,
        };
    }

    /// <summary>Where a message goes and who wrote it: its ids, thread, title, sender, date and (in a group) the group.</summary>
    private InboundMessage Envelope(int channelId, Message message)
    {
        var chat = message.Chat;
        var isGroup = chat.Type is ChatType.Group or ChatType.Supergroup;
        // A topic's own service messages (closed, reopened) belong to it even if a client leaves is_topic_message out.
        var inTopic = message.IsTopicMessage || message.ForumTopicClosed is not null || message.ForumTopicReopened is not null;
        var topic = inTopic && message.MessageThreadId is { } threadId ? threadId : (int?)null;
        var chatId = chat.Id.ToString(CultureInfo.InvariantCulture);
        return new InboundMessage(
            channelId,
            ExternalId: $"{chatId}:{message.Id.ToString(CultureInfo.InvariantCulture)}",
            ThreadKey: topic is { } t ? $"{chatId}:{t.ToString(CultureInfo.InvariantCulture)}" : chatId,
            ThreadTitle: Title(message, topic),
            Sender(message),
            "",
            SentAt(message.Date),
            Chat: isGroup ? new InboundSender(IdentityKind.Telegram, chatId, chat.Title ?? chatId, chat.Username is { } u ? "@" + u : null) : null);
    }

    private DateTime SentAt(DateTime date)
    {
        var utc = DateTime.SpecifyKind(date, DateTimeKind.Utc);
        return utc < Earliest || utc > now.AddDays(1) ? now : utc;
    }

    private static InboundSender Sender(Message message)
    {
        // A message sent on behalf of a chat (an anonymous group admin, a channel's post forwarded into its discussion
        // group) has a placeholder user in "from" ("Group", "Telegram"); the chat in "sender_chat" is who wrote it.
        if (message.SenderChat is null && message.From is { } user)
            return new InboundSender(IdentityKind.Telegram, user.Id.ToString(CultureInfo.InvariantCulture), NameOf(user), user.Username is { } username ? "@" + username : null);
        // A channel post (or an anonymous group admin) is written by a chat, not a user.
        var chat = message.SenderChat ?? message.Chat;
        return new InboundSender(IdentityKind.Telegram, chat.Id.ToString(CultureInfo.InvariantCulture), chat.Title ?? chat.Username ?? chat.Id.ToString(CultureInfo.InvariantCulture),
            chat.Username is { } handle ? "@" + handle : null);
    }

    private static string NameOf(User user)
    {
        var name = string.Join(' ', new[] { user.FirstName, user.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
        return name.Length > 0 ? name : user.Username ?? user.Id.ToString(CultureInfo.InvariantCulture);
    }

    private static string? Title(Message message, int? topic)
    {
        var chat = message.Chat;
        if (topic is { } id)
        {
            var name = message.ForumTopicCreated?.Name ?? message.ReplyToMessage?.ForumTopicCreated?.Name;
            return name ?? $"Topic {id.ToString(CultureInfo.InvariantCulture)} in {chat.Title}";
        }
        return chat.Type == ChatType.Private ? null : chat.Title;
    }

    private static string MapLink(double latitude, double longitude) => string.Create(CultureInfo.InvariantCulture,
        $"https://www.openstreetmap.org/?mlat={latitude:0.######}&mlon={longitude:0.######}#map=17/{latitude:0.######}/{longitude:0.######}");

    private InboundFile File(ITelegramBotClient bot, FileBase file, string name)
    {
        if (file.FileSize is { } size && size > maxDownloadBytes)
            return new InboundFile(name, null, size, TooLarge(size));
        return new InboundFile(name, async cancellationToken =>
        {
            try
            {
                var info = await bot.GetFile(file.FileId, cancellationToken);
                if (info.FileSize is { } known && known > maxDownloadBytes) throw new InboundFileUnavailableException(TooLarge(known));
                var content = new MemoryStream();
                await bot.DownloadFile(info, content, cancellationToken);
                content.Position = 0;
                return content;
            }
            catch (ApiRequestException ex)
            {
                throw new InboundFileUnavailableException(ex.Message.Contains("too big", StringComparison.OrdinalIgnoreCase)
                    ? TooLarge(file.FileSize ?? 0)
                    : $"Telegram did not hand over the file: {ex.Message}", ex);
            }
        }, file.FileSize);
    }

    private string TooLarge(long size) => string.Create(CultureInfo.InvariantCulture,
        $"Too large to fetch{(size > 0 ? $" ({size / 1024.0 / 1024.0:0.#} MB)" : "")}: bots can download files up to {maxDownloadBytes / 1024 / 1024} MB. It is still in the Telegram chat.");
}
