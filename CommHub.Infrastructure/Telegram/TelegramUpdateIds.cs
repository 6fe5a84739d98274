using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CommHub.Core.Ingest;

namespace CommHub.Infrastructure.Telegram;

/// <summary>Telegram's update_id, which may be a number or a numeric string and may pass 32 bits.</summary>
public static class TelegramUpdateIds
{
    public static long? UpdateId(JsonElement raw)
    {
        if (raw.ValueKind != JsonValueKind.Object || !raw.TryGetProperty("update_id", out var id)) return null;
        if (id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out var number)) return number;
        if (id.ValueKind == JsonValueKind.String && long.TryParse(id.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)) return parsed;
        return null;
    }

    /// <summary>The intake row's id: the update_id in decimal, or (without a usable one) a hash of the text, so it is still stored and counted.</summary>
    public static string ExternalId(JsonElement raw, string text) =>
        UpdateId(raw) is { } id ? id.ToString(CultureInfo.InvariantCulture) : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static ReceivedUpdate Received(JsonElement raw)
    {
        var text = raw.GetRawText();
        return new ReceivedUpdate(ExternalId(raw, text), text);
    }
}
