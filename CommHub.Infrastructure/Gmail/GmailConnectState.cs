using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace CommHub.Infrastructure.Gmail;

/// <summary>
/// The OAuth <c>state</c> of one "Connect with Google" and its browser half. The state names the channel and
/// the admin and carries a random nonce, encrypted and time-limited with Data Protection, so it cannot be
/// guessed or forged. The PKCE verifier and the same nonce stay in a cookie of the admin's browser (never in
/// a URL), so a state only works in the session that started it, and each nonce is accepted once.
/// </summary>
public sealed class GmailConnectState(IDataProtectionProvider dataProtection, IOptions<GmailOptions> options, TimeProvider clock)
{
    private readonly ITimeLimitedDataProtector stateProtector =
        dataProtection.CreateProtector("CommHub.Gmail.OAuthState.v1").ToTimeLimitedDataProtector();
    private readonly ITimeLimitedDataProtector cookieProtector =
        dataProtection.CreateProtector("CommHub.Gmail.OAuthCookie.v1").ToTimeLimitedDataProtector();
    private readonly ConcurrentDictionary<string, DateTimeOffset> used = new();

    public sealed record Pending(int ChannelId, string UserId, string Nonce, string Verifier);

    /// <returns>The state for the URL, the cookie value, and the S256 code challenge.</returns>
    public (string State, string Cookie, string Challenge) Create(int channelId, string userId)
    {
        var nonce = Base64Url(RandomNumberGenerator.GetBytes(32));
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var expires = clock.GetUtcNow() + options.Value.ConnectTimeout;
        var state = stateProtector.Protect(JsonSerializer.Serialize(new StatePart(channelId, userId, nonce)), expires);
        var cookie = cookieProtector.Protect(JsonSerializer.Serialize(new CookiePart(nonce, verifier)), expires);
        return (state, cookie, Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    /// <summary>The pending connect, or null when the state is forged, expired, from another admin or browser, or used already.</summary>
    public Pending? Redeem(string? state, string? cookie, string userId)
    {
        if (string.IsNullOrEmpty(state) || string.IsNullOrEmpty(cookie)) return null;
        StatePart? statePart;
        CookiePart? cookiePart;
        try
        {
            statePart = JsonSerializer.Deserialize<StatePart>(stateProtector.Unprotect(state, out var expires));
            cookiePart = JsonSerializer.Deserialize<CookiePart>(cookieProtector.Unprotect(cookie));
            if (statePart is null || cookiePart is null || statePart.UserId != userId) return null;
            if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(statePart.Nonce), Encoding.ASCII.GetBytes(cookiePart.Nonce))) return null;
            Prune();
            if (!used.TryAdd(statePart.Nonce, expires)) return null;
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException or FormatException)
        {
            return null;
        }
        return new Pending(statePart.ChannelId, statePart.UserId, statePart.Nonce, cookiePart.Verifier);
    }

    private void Prune()
    {
        var now = clock.GetUtcNow();
        foreach (var (nonce, expires) in used)
        {
            if (expires < now) used.TryRemove(nonce, out _);
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed record StatePart(int ChannelId, string UserId, string Nonce);

    private sealed record CookiePart(string Nonce, string Verifier);
}
