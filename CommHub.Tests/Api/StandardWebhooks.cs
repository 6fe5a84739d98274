using System.Security.Cryptography;
using System.Text;

namespace CommHub.Tests.Api;

/// <summary>The verification shown in docs/api.md, line for line: a test that passes with it proves the docs are enough.</summary>
public static class StandardWebhooks
{
    public static bool Verify(string secret, string id, string timestamp, string signatures, string body)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
        var fresh = Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - long.Parse(timestamp)) <= 300;
        return fresh && signatures.Split(' ').Any(s => s.StartsWith("v1,", StringComparison.Ordinal)
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s[3..]), Encoding.ASCII.GetBytes(expected)));
    }
}
