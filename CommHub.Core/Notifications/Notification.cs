using CommHub.Core.Conversations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommHub.Core.Notifications;

public enum NotificationKind
{
    /// <summary>A conversation was assigned to the recipient (by someone else or a rule).</summary>
    Assigned = 0,
    /// <summary>Someone mentioned the recipient (@Name) in a private note.</summary>
    Mentioned = 1,
    /// <summary>A customer wrote in a conversation assigned to the recipient.</summary>
    CustomerMessage = 2,
}

/// <summary>One entry in a staff member's notification list (the bell).</summary>
public class Notification
{
    public long Id { get; set; }
    public string UserId { get; set; } = "";
    public NotificationKind Kind { get; set; }
    public int ConversationId { get; set; }
    public Conversation? Conversation { get; set; }

    /// <summary>The message to jump to; not a foreign key (retention deletes messages set by set, notifications go with their conversation).</summary>
    public int? MessageId { get; set; }

    /// <summary>One line: who did what, and the conversation's subject.</summary>
    public string Text { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime? ReadAt { get; set; }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.Property(n => n.UserId).HasMaxLength(450);
        builder.Property(n => n.Text).HasMaxLength(500);
        // The bell: a user's newest entries, and their unread count.
        builder.HasIndex(n => new { n.UserId, n.CreatedAt });
        builder.HasIndex(n => new { n.UserId, n.ReadAt });
        builder.HasOne(n => n.Conversation).WithMany().HasForeignKey(n => n.ConversationId).OnDelete(DeleteBehavior.Cascade);
    }
}
