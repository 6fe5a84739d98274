using System.Text.Json.Nodes;

namespace CommHub.Tests.Fakes;

/// <summary>Bot API update JSON as Telegram sends it, for feeding <see cref="FakeTelegram"/>.</summary>
public static class TelegramUpdates
{
    private static int nextMessageId = 1;

    public static JsonObject User(long id, string firstName, string? lastName = null, string? username = null)
    {
        var user = new JsonObject { ["id"] = id, ["is_bot"] = false, ["first_name"] = firstName };
        if (lastName is not null) user["last_name"] = lastName;
        if (username is not null) user["username"] = username;
        return user;
    }

    public static JsonObject PrivateChat(JsonObject user)
    {
        var chat = new JsonObject { ["id"] = user["id"]!.GetValue<long>(), ["type"] = "private", ["first_name"] = user["first_name"]!.GetValue<string>() };
        if (user["username"] is { } username) chat["username"] = username.GetValue<string>();
        return chat;
    }

    public static JsonObject Group(long id, string title, string type = "supergroup", bool forum = false)
    {
        var chat = new JsonObject { ["id"] = id, ["type"] = type, ["title"] = title };
        if (forum) chat["is_forum"] = true;
        return chat;
    }

    /// <summary>A message; text and more fields are added by the caller (photo, document, caption, entities...).</summary>
    public static JsonObject Message(JsonObject chat, JsonObject? from, string? text = null, int? messageId = null, DateTimeOffset? date = null)
    {
        var message = new JsonObject
        {
            ["message_id"] = messageId ?? Interlocked.Increment(ref nextMessageId),
            ["date"] = (date ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds(),
            ["chat"] = chat.DeepClone(),
        };
        if (from is not null) message["from"] = from.DeepClone();
        if (text is not null) message["text"] = text;
        return message;
    }

    /// <summary>Marks text[offset..offset+length] as an entity of <paramref name="type"/> (bold, text_link, hashtag, bot_command...).</summary>
    public static JsonObject WithEntity(this JsonObject message, string type, int offset, int length, string? url = null, string field = "entities")
    {
        if (message[field] is not JsonArray entities) message[field] = entities = [];
        var entity = new JsonObject { ["type"] = type, ["offset"] = offset, ["length"] = length };
        if (url is not null) entity["url"] = url;
        entities.Add(entity);
        return message;
    }

    /// <summary>In a forum topic, whose creation message the first reply points at (as Telegram sends it).</summary>
    public static JsonObject InTopic(this JsonObject message, int threadId, string topicName)
    {
        message["message_thread_id"] = threadId;
        message["is_topic_message"] = true;
        message["reply_to_message"] = new JsonObject
        {
            ["message_id"] = threadId,
            ["date"] = message["date"]!.GetValue<long>() - 60,
            ["chat"] = message["chat"]!.DeepClone(),
            ["message_thread_id"] = threadId,
            ["forum_topic_created"] = new JsonObject { ["name"] = topicName, ["icon_color"] = 7322096 },
        };
        return message;
    }

    public static JsonObject File(string fileId, long size, int? width = null, int? height = null, string? fileName = null)
    {
        var file = new JsonObject { ["file_id"] = fileId, ["file_unique_id"] = "u" + fileId, ["file_size"] = size };
        if (width is not null) file["width"] = width;
        if (height is not null) file["height"] = height;
        if (fileName is not null) file["file_name"] = fileName;
        return file;
    }

    /// <summary>Sets one more field of a message (poll, dice, new_chat_members, forum_topic_closed...).</summary>
    public static JsonObject With(this JsonObject message, string field, JsonNode value)
    {
        message[field] = value;
        return message;
    }

    public static JsonObject Update(JsonObject message, string kind = "message") => new() { [kind] = message };
}
