using System.Text.Json;

namespace CommHub.Core.Channels;

/// <summary>A mailbox's non-secret settings, kept in <see cref="Channel.SettingsJson"/>.</summary>
public sealed record GmailChannelSettings
{
    public const int MaxSignatureLength = 2000;
    public const int MaxThreadingDays = 90;

    /// <summary>The mailbox's address, as users.getProfile named it when it was connected.</summary>
    public string? Address { get; init; }

    /// <summary>Appended to every reply sent from this mailbox.</summary>
    public string? Signature { get; init; }

    /// <summary>Whether a mail without a known thread joins the sender's open conversation with the same subject.</summary>
    public bool SubjectThreading { get; init; } = true;

    public int SubjectThreadingDays { get; init; } = 7;

    public TimeSpan? SubjectWindow => SubjectThreading ? TimeSpan.FromDays(SubjectThreadingDays) : null;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static GmailChannelSettings Of(Channel channel)
    {
        try
        {
            return JsonSerializer.Deserialize<GmailChannelSettings>(channel.SettingsJson, Json) ?? new();
        }
        catch (JsonException)
        {
            return new();
        }
    }

    public void WriteTo(Channel channel) => channel.SettingsJson = JsonSerializer.Serialize(this, Json);
}
