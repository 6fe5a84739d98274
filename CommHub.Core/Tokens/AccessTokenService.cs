using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using CommHub.Core.Common;
using CommHub.Core.Data;
using CommHub.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommHub.Core.Tokens;

/// <summary>How long a checked token is trusted before its row and its user's roles are read again.</summary>
public sealed class AccessTokenOptions
{
    /// <summary>The same as the sign-in sessions' revalidation interval (the host sets it): zero reads them on every request.</summary>
    public TimeSpan RecheckInterval { get; set; }
}

/// <summary>
/// Personal access tokens: made by a staff member for themselves, shown once, stored as a SHA-256 hash, revocable.
/// Customers and crew get none, and a token stops working the moment its user is no longer staff.
/// </summary>
public sealed class AccessTokenService(IDbContextFactory<CommHubDbContext> dbFactory, IOptions<AccessTokenOptions> options, TimeProvider clock)
{
    private const int MaxCached = 10_000;
    private readonly ConcurrentDictionary<string, Checked> recent = new(StringComparer.Ordinal);

    /// <summary>A token that passed every check at <see cref="At"/>; trusted until the recheck interval has passed.</summary>
    private sealed record Checked(TokenIdentity Identity, DateTime At, DateTime ExpiresAt);

    public const string SecretPrefix = "chp_";
    public const int MaxNameLength = 100;
    public const int MaxLifetimeDays = 366;

    /// <summary>How stale the "last used" time may get: writing it on every request would cost a write per read.</summary>
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public async Task<IReadOnlyList<TokenListItem>> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.AccessTokens.AsNoTracking().Where(t => t.UserId == userId)
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            .Select(t => new TokenListItem(t.Id, t.Name, t.Scope, t.Prefix, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt))
            .ToListAsync(cancellationToken);
    }

    public async Task<OperationResult<CreatedToken>> CreateAsync(string userId, string name, TokenScope scope, int lifetimeDays, CancellationToken cancellationToken = default)
    {
        name = name.Trim();
        if (name.Length == 0) return OperationResult<CreatedToken>.Fail("Give the token a name, so you know later what uses it.");
        if (name.Length > MaxNameLength) return OperationResult<CreatedToken>.Fail($"Keep the name to {MaxNameLength} characters or fewer.");
        if (!Enum.IsDefined(scope)) return OperationResult<CreatedToken>.Fail("Choose read, write or admin as the scope.");
        if (lifetimeDays is < 1 or > MaxLifetimeDays) return OperationResult<CreatedToken>.Fail($"Choose an expiry between 1 and {MaxLifetimeDays} days.");

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var roles = await RolesOfAsync(db, userId, cancellationToken);
        if (!IsStaff(roles)) return OperationResult<CreatedToken>.Fail("Only admins and agents can make API tokens.");
        if (scope == TokenScope.Admin && !roles.Contains(Roles.Admin))
            return OperationResult<CreatedToken>.Fail("Only admins can make a token with the admin scope.");

        var secret = SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = clock.GetUtcNow().UtcDateTime;
        var token = new AccessToken
        {
            UserId = userId, Name = name, Scope = scope, Hash = HashOf(secret), Prefix = secret[..12],
            CreatedAt = now, ExpiresAt = now.AddDays(lifetimeDays),
        };
        db.AccessTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        return OperationResult<CreatedToken>.Ok(new CreatedToken(token.Id, secret, token.ExpiresAt));
    }

    public async Task<OperationResult> RevokeAsync(string userId, int tokenId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var changed = await db.AccessTokens.Where(t => t.Id == tokenId && t.UserId == userId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);
        // Revoking takes effect at once in this process, whatever the recheck interval.
        foreach (var (hash, _) in recent.Where(r => r.Value.Identity.TokenId == tokenId)) recent.TryRemove(hash, out _);
        return changed == 1 ? OperationResult.Ok : OperationResult.Fail("That token is already revoked or is not yours.");
    }

    /// <summary>
    /// The token's identity, or the sentence that says why it is refused (unknown, revoked, expired, user disabled or no
    /// longer staff). Notes the use, at most once a minute per token. A token checked less than
    /// <see cref="AccessTokenOptions.RecheckInterval"/> ago is trusted without a query, as a sign-in session is: a role
    /// change or a disabled user takes effect within that interval, a revocation here at once.
    /// </summary>
    public async Task<OperationResult<TokenIdentity>> AuthenticateAsync(string secret, CancellationToken cancellationToken = default)
    {
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal) || secret.Length > 100)
            return OperationResult<TokenIdentity>.Fail("The token is not a CommHub API token.");
        var hash = HashOf(secret);
        var now = clock.GetUtcNow().UtcDateTime;
        var interval = options.Value.RecheckInterval;
        if (interval > TimeSpan.Zero && recent.TryGetValue(hash, out var known) && now - known.At < interval && now < known.ExpiresAt)
            return OperationResult<TokenIdentity>.Ok(known.Identity);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var token = await db.AccessTokens.AsNoTracking().Where(t => t.Hash == hash)
            .Select(t => new { t.Id, t.UserId, t.Scope, t.ExpiresAt, t.RevokedAt, t.LastUsedAt, t.User!.DisplayName, t.User.Email, t.User.IsDisabled })
            .SingleOrDefaultAsync(cancellationToken);
        if (token is null) return OperationResult<TokenIdentity>.Fail("The token is unknown.");
        if (token.RevokedAt is not null) return OperationResult<TokenIdentity>.Fail("The token was revoked.");
        if (token.ExpiresAt <= now) return OperationResult<TokenIdentity>.Fail("The token has expired.");
        if (token.IsDisabled) return OperationResult<TokenIdentity>.Fail("The token's user is disabled.");
        var roles = await RolesOfAsync(db, token.UserId, cancellationToken);
        if (!IsStaff(roles)) return OperationResult<TokenIdentity>.Fail("Only admins' and agents' tokens are accepted.");

        if (token.LastUsedAt is null || token.LastUsedAt < now - LastUsedResolution)
            await db.AccessTokens.Where(t => t.Id == token.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), cancellationToken);
        // An admin-scoped token of a user who is an agent now acts as a write token: the role decides, as in the UI.
        var scope = token.Scope == TokenScope.Admin && !roles.Contains(Roles.Admin) ? TokenScope.Write : token.Scope;
        var identity = new TokenIdentity(token.Id, token.UserId, token.DisplayName, token.Email, scope, roles);
        if (interval > TimeSpan.Zero)
        {
            if (recent.Count >= MaxCached) recent.Clear();
            recent[hash] = new Checked(identity, now, token.ExpiresAt);
        }
        return OperationResult<TokenIdentity>.Ok(identity);
    }

    public static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static bool IsStaff(IReadOnlyList<string> roles) => roles.Contains(Roles.Admin) || roles.Contains(Roles.Agent);

    private static async Task<IReadOnlyList<string>> RolesOfAsync(CommHubDbContext db, string userId, CancellationToken cancellationToken) =>
        await db.UserRoles.Where(r => r.UserId == userId)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!)
            .ToListAsync(cancellationToken);
}
