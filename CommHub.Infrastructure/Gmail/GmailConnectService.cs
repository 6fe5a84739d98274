using CommHub.Core.Audit;
using CommHub.Core.Channels;
using CommHub.Core.Common;
using CommHub.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommHub.Infrastructure.Gmail;

/// <summary>Where to send the admin's browser to start, and the cookie that must come back with Google's answer.</summary>
public sealed record GmailConnectStart(string AuthorizationUrl, string Cookie);

/// <summary>What Google sent back to the callback: a code, or an error (access_denied when the admin said no).</summary>
public sealed record GmailCallback(string? State, string? Code, string? Error);

/// <summary>
/// "Connect with Google" for a mailbox, new or disconnected: the OAuth 2.0 authorization-code flow with PKCE
/// (S256), state, offline access and consent, for the gmail.modify scope. On success the refresh token is stored
/// encrypted, the address is learnt from users.getProfile and polling starts; a reconnect keeps the stored history
/// id, so sync carries on where it stopped.
/// </summary>
public sealed class GmailConnectService(
    IDbContextFactory<CommHubDbContext> dbFactory,
    ChannelSecrets secrets,
    GmailConnectState states,
    GmailTokenService tokens,
    GmailApiClient gmail,
    IChannelJobs jobs,
    AuditLog audit,
    IOptions<GmailOptions> options,
    ILogger<GmailConnectService> logger)
{
    public const string Scope = "https://www.googleapis.com/auth/gmail.modify";
    public const string BadState =
        "The answer from Google could not be matched to a connect started in this browser (it expired, was used already, or came from elsewhere). Nothing was changed; start again with Connect with Google.";

    public async Task<OperationResult<GmailConnectStart>> BeginAsync(int channelId, string userId, string redirectUri, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var channel = await db.Channels.SingleOrDefaultAsync(c => c.Id == channelId && c.Kind == ChannelKind.Gmail, cancellationToken);
        if (channel is null) return OperationResult<GmailConnectStart>.Fail("That Gmail channel no longer exists.");
        if (GmailCredentials.Client(secrets.Read(channel), options.Value) is not { } client)
            return OperationResult<GmailConnectStart>.Fail("This channel has no OAuth client id and secret, and none is configured (CommHub:Gmail:ClientId).");

        var (state, cookie, challenge) = states.Create(channelId, userId);
        var query = new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = client.Id,
            ["redirect_uri"] = redirectUri,
            ["scope"] = Scope,
            ["access_type"] = "offline",
            // Consent every time: only then does Google send a refresh token again on a reconnect.
            ["prompt"] = "consent",
            ["state"] = state,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
            ["login_hint"] = GmailChannelSettings.Of(channel).Address,
        };
        var url = Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(options.Value.AuthorizationEndpoint, query);
        return OperationResult<GmailConnectStart>.Ok(new GmailConnectStart(url, cookie));
    }

    /// <returns>What to tell the admin back on the channels page.</returns>
    public async Task<OperationResult<string>> CompleteAsync(
        GmailCallback callback, string? cookie, string userId, string redirectUri, CancellationToken cancellationToken = default)
    {
        if (states.Redeem(callback.State, cookie, userId) is not { } pending) return OperationResult<string>.Fail(BadState);

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var channel = await db.Channels.SingleOrDefaultAsync(c => c.Id == pending.ChannelId && c.Kind == ChannelKind.Gmail, cancellationToken);
        if (channel is null) return OperationResult<string>.Fail("That Gmail channel was deleted while connecting.");
        if (callback.Error is { } error)
        {
            return OperationResult<string>.Fail(error == "access_denied"
                ? $"Google access was not granted, so {channel.Name} is not connected. Connect again and choose Allow."
                : $"Google refused to connect {channel.Name}: {error}.");
        }
        if (string.IsNullOrEmpty(callback.Code)) return OperationResult<string>.Fail("Google sent neither a code nor an error; start again.");

        var stored = secrets.Read(channel);
        if (GmailCredentials.Client(stored, options.Value) is not { } client)
            return OperationResult<string>.Fail("The OAuth client of this channel is no longer configured (CommHub:Gmail:ClientId); add the mailbox again with its own client.");
        string refreshToken;
        string address;
        try
        {
            tokens.Forget(channel.Id);
            var grant = await tokens.ExchangeCodeAsync(channel.Id, client.Id, client.Secret, callback.Code, pending.Verifier, redirectUri, cancellationToken);
            if (string.IsNullOrEmpty(grant.RefreshToken))
                return OperationResult<string>.Fail("Google sent no refresh token. Remove CommHub's access in your Google account's security settings, then connect again.");
            refreshToken = grant.RefreshToken;
            address = (await gmail.GetProfileAsync(grant.AccessToken, cancellationToken)).EmailAddress;
        }
        catch (Exception ex) when (ex is GmailDisconnectedException or GmailApiException or HttpRequestException)
        {
            tokens.Forget(channel.Id);
            logger.LogWarning(ex, "Connecting Gmail channel {Channel} failed.", channel.Id);
            return OperationResult<string>.Fail($"Google did not complete the connection of {channel.Name}: {ex.Message}");
        }

        var settings = GmailChannelSettings.Of(channel);
        if (settings.Address is { } known && !known.Equals(address, StringComparison.OrdinalIgnoreCase))
        {
            tokens.Forget(channel.Id);
            return OperationResult<string>.Fail(
                $"{channel.Name} is the mailbox {known}, but Google signed in {address}. Reconnect with {known}, or add {address} as a new channel.");
        }
        var updated = stored.ToDictionary(s => s.Key, s => s.Value);
        updated[GmailCredentials.RefreshTokenKey] = refreshToken;
        secrets.Write(channel, updated);
        (settings with { Address = address }).WriteTo(channel);
        var reconnect = channel.SyncCursor is not null;
        channel.Status = channel.Enabled ? ChannelStatus.Active : ChannelStatus.Disabled;
        channel.LastError = null;
        channel.LastErrorAt = null;
        audit.Add(db, userId, "channel.gmail-connected", nameof(Channel), channel.Id, address);
        await db.SaveChangesAsync(cancellationToken);
        jobs.Schedule(channel.Id, ChannelKind.Gmail, channel.Enabled);
        if (channel.Enabled) jobs.PollNow(channel.Id, ChannelKind.Gmail);
        return OperationResult<string>.Ok(reconnect
            ? $"{channel.Name} ({address}) is reconnected; mail that arrived meanwhile is being fetched."
            : $"{channel.Name} ({address}) is connected; its mail is being fetched.");
    }
}
