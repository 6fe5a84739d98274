using System.Text.Json;
using System.Text.Json.Nodes;

namespace CommHub.Infrastructure.Telegram;

/// <summary>
/// Fields that older Bot API versions named differently and that stored or relayed updates still carry: "thumb" became
/// "thumbnail" (Bot API 6.6). The library reads only the new name, so the old one is copied over before reading.
/// </summary>
internal static class TelegramLegacyFields
{
    private static readonly string[] Messages = ["message", "edited_message", "channel_post", "edited_channel_post"];
    private static readonly string[] WithThumbnail = ["sticker", "document", "video", "audio", "animation", "video_note"];

    public static JsonElement Normalized(JsonElement update) => HasLegacyThumb(update) ? Copied(update) : update;

    /// <summary>Looks without copying: almost every update has no legacy field and is passed on as it is.</summary>
    private static bool HasLegacyThumb(JsonElement update) =>
        update.ValueKind == JsonValueKind.Object && Messages.Any(name =>
            update.TryGetProperty(name, out var message) && message.ValueKind == JsonValueKind.Object && WithThumbnail.Any(media =>
                message.TryGetProperty(media, out var file) && file.ValueKind == JsonValueKind.Object
                && file.TryGetProperty("thumb", out _) && !file.TryGetProperty("thumbnail", out _)));

    private static JsonElement Copied(JsonElement update)
    {
        var copy = JsonNode.Parse(update.GetRawText())!.AsObject();
        foreach (var message in Messages.Select(name => copy[name]).OfType<JsonObject>())
        {
            foreach (var media in WithThumbnail.Select(name => message[name]).OfType<JsonObject>())
            {
                if (media["thumbnail"] is null && media["thumb"] is JsonObject thumb) media["thumbnail"] = thumb.DeepClone();
            }
        }
        return JsonSerializer.SerializeToElement(copy);
    }
}
