using CommHub.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommHub.Core.Tokens;

/// <summary>What a personal access token may do, on top of its user's role: read, also write, or also administer.</summary>
public enum TokenScope
{
    Read = 0,
    Write = 1,
    Admin = 2,
}

/// <summary>A personal access token for the REST API. Only the SHA-256 of the secret is stored; the secret is shown once.</summary>
public class AccessToken
{
    public int Id { get; set; }
    public string UserId { get; set; } = "";
    public ApplicationUser? User { get; set; }
    public string Name { get; set; } = "";
    public TokenScope Scope { get; set; }

    /// <summary>Lower-case hex SHA-256 of the whole token text (prefix included).</summary>
    public string Hash { get; set; } = "";

    /// <summary>The token's first characters, so its owner can tell two tokens apart in the list.</summary>
    public string Prefix { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}

internal sealed class AccessTokenConfiguration : IEntityTypeConfiguration<AccessToken>
{
    public void Configure(EntityTypeBuilder<AccessToken> builder)
    {
        builder.Property(t => t.UserId).HasMaxLength(450);
        builder.Property(t => t.Name).HasMaxLength(AccessTokenService.MaxNameLength);
        builder.Property(t => t.Hash).HasMaxLength(64);
        builder.Property(t => t.Prefix).HasMaxLength(16);
        // Every API request: the token by its hash.
        builder.HasIndex(t => t.Hash).IsUnique();
        // The tokens page: a user's tokens.
        builder.HasIndex(t => t.UserId);
        builder.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
