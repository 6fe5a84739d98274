using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace CommHub.Infrastructure.Gmail;

public sealed record GmailCredentials(string ClientId, string ClientSecret, string RefreshToken)
{
    public const string ClientIdKey = "clientId";
    public const string ClientSecretKey = "clientSecret";
    public const string RefreshTokenKey = "refreshToken";

    /// <summary>The mailbox's own OAuth client when it has one, otherwise the configured one; null until connected.</summary>
    public static GmailCredentials? From(IReadOnlyDictionary<string, string> secrets, GmailOptions options) =>
        Client(secrets, options) is { } client && secrets.TryGetValue(RefreshTokenKey, out var refresh)
            ? new GmailCredentials(client.Id, client.Secret, refresh)
            : null;

    public static (string Id, string Secret)? Client(IReadOnlyDictionary<string, string> secrets, GmailOptions options) =>
        secrets.TryGetValue(ClientIdKey, out var id) && secrets.TryGetValue(ClientSecretKey, out var secret) ? (id, secret)
        : options.HasConfiguredClient ? (options.ClientId!, options.ClientSecret!)
        : null;
}

/// <summary>What the authorization-code grant returned; Google sends a refresh token only with offline access and consent.</summary>
public sealed record GmailGrant(string AccessToken, string? RefreshToken);

/// <summary>The grant no longer works (revoked, expired, password changed): only reconnecting helps.</summary>
public sealed class GmailDisconnectedException(string reason) : Exception(reason);

/// <summary>
/// Access tokens from the stored refresh token, kept until shortly before they expire. The cache holds
/// tokens per channel (a mailbox), never anything per signed-in user.
/// </summary>
public sealed class GmailTokenService(HttpClient http, IOptions<GmailOptions> options, TimeProvider clock)
{
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<int, (string Token, DateTimeOffset Expires)> cache = new();

    public async Task<string> GetAccessTokenAsync(int channelId, GmailCredentials credentials, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(channelId, out var cached) && cached.Expires - Margin > clock.GetUtcNow()) return cached.Token;

        var token = await PostAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = credentials.RefreshToken,
            ["client_id"] = credentials.ClientId,
            ["client_secret"] = credentials.ClientSecret,
        }, cancellationToken);
        cache[channelId] = (token.AccessToken, clock.GetUtcNow().AddSeconds(token.ExpiresIn));
        return token.AccessToken;
    }

    private async Task<TokenResponse> PostAsync(Dictionary<string, string> form, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync(options.Value.TokenEndpoint, new FormUrlEncodedContent(form), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var error = await ReadErrorAsync(response, cancellationToken);
            if (error?.Error is "invalid_grant" or "unauthorized_client" or "invalid_client")
                throw new GmailDisconnectedException(error.Description ?? error.Error);
            throw new GmailApiException(response.StatusCode, response.Headers.RetryAfter?.Delta, error?.Description ?? error?.Error ?? "the token endpoint failed");
        }
        return await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken)
            ?? throw new GmailApiException(response.StatusCode, null, "empty token response");
    }

    /// <summary>
    /// The authorization-code grant with its PKCE verifier: the end of "Connect with Google". The access token
    /// is cached for the channel, so the profile call and the first sync need no refresh.
    /// </summary>
    /// <exception cref="GmailDisconnectedException">Google refused the code (expired, used, wrong verifier or client).</exception>
    public async Task<GmailGrant> ExchangeCodeAsync(
        int channelId, string clientId, string clientSecret, string code, string codeVerifier, string redirectUri, CancellationToken cancellationToken)
    {
        var token = await PostAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["code_verifier"] = codeVerifier,
            ["client_id"] = clientId,
            ["client_secret"] = clientSecret,
            ["redirect_uri"] = redirectUri,
        }, cancellationToken);
        cache[channelId] = (token.AccessToken, clock.GetUtcNow().AddSeconds(token.ExpiresIn));
        return new GmailGrant(token.AccessToken, token.RefreshToken);
    }

    /// <summary>After Gmail said 401: the cached token is not good any more.</summary>
    public void Forget(int channelId) => cache.TryRemove(channelId, out _);

    private static async Task<TokenError?> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<TokenError>(cancellationToken);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn,
        [property: JsonPropertyName("refresh_token")] string? RefreshToken = null);

    private sealed record TokenError(
        [property: JsonPropertyName("error")] string? Error,
        [property: JsonPropertyName("error_description")] string? Description);
}
