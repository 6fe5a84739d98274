using System.Net;
using CommHub.Core.Audit;
using CommHub.Core.Channels;
using CommHub.Core.Common;
using CommHub.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommHub.Infrastructure.Gmail;

/// <summary>Adding a mailbox (before it is connected with Google) and checking that a connected one still answers.</summary>
public sealed class GmailChannelService(
    IDbContextFactory<CommHubDbContext> dbFactory,
    ChannelSecrets secrets,
    GmailTokenService tokens,
    GmailApiClient gmail,
    IOptions<GmailOptions> options,
    AuditLog audit,
    TimeProvider clock) : IGmailChannelAdmin
{
    private const string NotConnected = "Not connected to Google yet: use Reconnect.";

    public bool HasConfiguredClient => options.Value.HasConfiguredClient;

    public string? ConfiguredRedirectUri => options.Value.RedirectUri;

    /// <summary>Stores the mailbox as not connected yet; "Connect with Google" then runs for it.</summary>
    public async Task<OperationResult<int>> CreateAsync(GmailChannelDraft draft, string? actingUserId, CancellationToken cancellationToken = default)
    {
        var errors = Problems(draft).ToArray();
        if (errors.Length > 0) return OperationResult<int>.Fail(errors);

        var channel = new Channel
        {
            Kind = ChannelKind.Gmail,
            Name = draft.Name.Trim(),
            Status = ChannelStatus.Disconnected,
            LastError = NotConnected,
            LastErrorAt = clock.GetUtcNow().UtcDateTime,
        };
        new GmailChannelSettings
        {
            Signature = string.IsNullOrWhiteSpace(draft.Signature) ? null : draft.Signature.Trim(),
            SubjectThreading = draft.SubjectThreading,
            SubjectThreadingDays = draft.SubjectThreadingDays,
        }.WriteTo(channel);
        if (!string.IsNullOrWhiteSpace(draft.ClientId))
        {
            secrets.Write(channel, new Dictionary<string, string>
            {
                [GmailCredentials.ClientIdKey] = draft.ClientId.Trim(),
                [GmailCredentials.ClientSecretKey] = draft.ClientSecret!.Trim(),
            });
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.Channels.Add(channel);
        await db.SaveChangesAsync(cancellationToken);
        audit.Add(db, actingUserId, "channel.created", nameof(Channel), channel.Id, channel.Name);
        await db.SaveChangesAsync(cancellationToken);
        return OperationResult<int>.Ok(channel.Id);
    }

    public IEnumerable<string> Problems(GmailChannelDraft draft)
    {
        if (string.IsNullOrWhiteSpace(draft.Name)) yield return "Give the channel a name, for example Support mailbox.";
        else if (draft.Name.Trim().Length > 200) yield return "The name can be at most 200 characters.";
        var hasId = !string.IsNullOrWhiteSpace(draft.ClientId);
        var hasSecret = !string.IsNullOrWhiteSpace(draft.ClientSecret);
        if (hasId != hasSecret) yield return "Enter both the OAuth client id and its secret, or neither.";
        else if (!hasId && !HasConfiguredClient) yield return "Enter the OAuth client id and secret from your Google Cloud project.";
        foreach (var problem in SettingsProblems(draft.Signature, draft.SubjectThreadingDays)) yield return problem;
    }

    private static IEnumerable<string> SettingsProblems(string? signature, int subjectThreadingDays)
    {
        if (signature?.Length > GmailChannelSettings.MaxSignatureLength)
            yield return $"The signature can be at most {GmailChannelSettings.MaxSignatureLength} characters.";
        if (subjectThreadingDays is < 1 or > GmailChannelSettings.MaxThreadingDays)
            yield return $"The subject-threading window must be between 1 and {GmailChannelSettings.MaxThreadingDays} days.";
    }

    public async Task<GmailChannelSettings?> GetSettingsAsync(int channelId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var channel = await db.Channels.AsNoTracking().SingleOrDefaultAsync(c => c.Id == channelId && c.Kind == ChannelKind.Gmail, cancellationToken);
        return channel is null ? null : GmailChannelSettings.Of(channel);
    }

    /// <summary>Signature and subject threading of a mailbox; what Google told (its address) stays.</summary>
    public async Task<OperationResult> UpdateSettingsAsync(
        int channelId, string? signature, bool subjectThreading, int subjectThreadingDays, CancellationToken cancellationToken = default)
    {
        var errors = SettingsProblems(signature, subjectThreadingDays).ToArray();
        if (errors.Length > 0) return OperationResult.Fail(errors);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var channel = await db.Channels.SingleOrDefaultAsync(c => c.Id == channelId && c.Kind == ChannelKind.Gmail, cancellationToken);
        if (channel is null) return OperationResult.Fail("That Gmail channel no longer exists.");
        (GmailChannelSettings.Of(channel) with
        {
            Signature = string.IsNullOrWhiteSpace(signature) ? null : signature.Trim(),
            SubjectThreading = subjectThreading,
            SubjectThreadingDays = subjectThreadingDays,
        }).WriteTo(channel);
        await db.SaveChangesAsync(cancellationToken);
        return OperationResult.Ok;
    }

    /// <summary>"Test connection": users.getProfile with the stored grant; the address, or exactly what went wrong.</summary>
    public async Task<OperationResult<string>> TestAsync(int channelId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var channel = await db.Channels.AsNoTracking().SingleOrDefaultAsync(c => c.Id == channelId && c.Kind == ChannelKind.Gmail, cancellationToken);
        if (channel is null) return OperationResult<string>.Fail("That Gmail channel no longer exists.");
        if (GmailCredentials.From(secrets.Read(channel), options.Value) is not { } credentials)
            return OperationResult<string>.Fail(NotConnected);
        try
        {
            var token = await tokens.GetAccessTokenAsync(channelId, credentials, cancellationToken);
            return OperationResult<string>.Ok((await gmail.GetProfileAsync(token, cancellationToken)).EmailAddress);
        }
        catch (GmailDisconnectedException ex)
        {
            return OperationResult<string>.Fail($"Google refused the stored grant ({ex.Message}); use Reconnect.");
        }
        catch (GmailApiException ex)
        {
            if (ex.Status == HttpStatusCode.Unauthorized) tokens.Forget(channelId);
            return OperationResult<string>.Fail(ex.Message);
        }
        catch (HttpRequestException ex)
        {
            return OperationResult<string>.Fail($"Gmail could not be reached: {ex.Message}");
        }
    }
}
