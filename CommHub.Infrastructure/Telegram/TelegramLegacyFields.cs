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

    public static JsonElement Normalized(JsonElement update)
    {
        // Almost every update has no legacy field: those are not copied at all.
        if (update.ValueKind != JsonValueKind.Object || !update.GetRawText().Contains("\"thumb\"", StringComparison.Ordinal)) return update;
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
