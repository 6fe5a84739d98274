using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommHub.Core.Conversations;

/// <summary>
/// A reply sent with an idempotency key (the API's <c>Idempotency-Key</c> header): saved in the same transaction as the
/// message, so a retried request with the same key finds the message instead of sending it twice.
/// </summary>
public class SentReply
{
    public long Id { get; set; }
    public string UserId { get; set; } = "";
    public string Key { get; set; } = "";
    public int MessageId { get; set; }
    public Message? Message { get; set; }
    public DateTime CreatedAt { get; set; }

    public const int MaxKeyLength = 200;
}

internal sealed class SentReplyConfiguration : IEntityTypeConfiguration<SentReply>
{
    public void Configure(EntityTypeBuilder<SentReply> builder)
    {
        builder.Property(r => r.UserId).HasMaxLength(450);
        builder.Property(r => r.Key).HasMaxLength(SentReply.MaxKeyLength);
        // A send with a key: was it sent already? Unique, so two racing retries store one message.
        builder.HasIndex(r => new { r.UserId, r.Key }).IsUnique();
        builder.HasOne(r => r.Message).WithMany().HasForeignKey(r => r.MessageId).OnDelete(DeleteBehavior.Cascade);
    }
}
