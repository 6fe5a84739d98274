namespace CommHub.Core.Tokens;

public sealed record TokenListItem(int Id, string Name, TokenScope Scope, string Prefix, DateTime CreatedAt, DateTime ExpiresAt, DateTime? LastUsedAt, DateTime? RevokedAt);

/// <summary>A token just made: <see cref="Secret"/> is shown once and never stored.</summary>
public sealed record CreatedToken(int Id, string Secret, DateTime ExpiresAt);

/// <summary>Who a valid token acts for, with the roles the user has now.</summary>
public sealed record TokenIdentity(int TokenId, string UserId, string UserName, string? Email, TokenScope Scope, IReadOnlyList<string> Roles);
