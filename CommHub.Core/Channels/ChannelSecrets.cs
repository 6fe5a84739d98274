using System.Text.Json;

namespace CommHub.Core.Channels;

/// <summary>Reads and writes a channel's secrets (bot token, OAuth refresh token), encrypted at rest.</summary>
public sealed class ChannelSecrets(ISecretProtector protector)
{
    public void Write(Channel channel, IReadOnlyDictionary<string, string> secrets) =>
        channel.ProtectedSecrets = secrets.Count == 0 ? null : protector.Protect(JsonSerializer.Serialize(secrets));

    public IReadOnlyDictionary<string, string> Read(Channel channel) =>
        channel.ProtectedSecrets is null
            ? new Dictionary<string, string>()
            : JsonSerializer.Deserialize<Dictionary<string, string>>(protector.Unprotect(channel.ProtectedSecrets)) ?? [];

    /// <summary>What the UI may show of a secret: its last four characters.</summary>
    public static string Mask(string secret) => secret.Length <= 4 ? "••••" : "••••" + secret[^4..];
}
