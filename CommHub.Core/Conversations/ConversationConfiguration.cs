using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommHub.Core.Conversations;

internal sealed class ConversationConfiguration : IEntityTypeConfiguration<Conversation>
{
    public void Configure(EntityTypeBuilder<Conversation> builder)
    {
        builder.Property(c => c.Subject).HasMaxLength(500);
        builder.Property(c => c.LastMessagePreview).HasMaxLength(PreviewLength);
        builder.Property(c => c.ExternalThreadKey).HasMaxLength(200);
        builder.HasOne(c => c.Channel).WithMany().HasForeignKey(c => c.ChannelId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(c => c.Contact).WithMany().HasForeignKey(c => c.ContactId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(c => c.Assignee).WithMany().HasForeignKey(c => c.AssigneeId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(c => c.Project).WithMany().HasForeignKey(c => c.ProjectId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(c => c.Labels).WithMany(l => l.Conversations).UsingEntity("ConversationLabels");

        // Inbox list filtered by status, newest activity first, keyset on (LastActivityAt, Id).
        builder.HasIndex(c => new { c.Status, c.LastActivityAt, c.Id });
        // Inbox list across all statuses, and "assigned to me" (below), same keyset.
        builder.HasIndex(c => new { c.LastActivityAt, c.Id });
        builder.HasIndex(c => new { c.AssigneeId, c.Status, c.LastActivityAt });
        // A contact's conversations (contact panel, customer portal list).
        builder.HasIndex(c => new { c.ContactId, c.LastActivityAt });
        // Threading: find the conversation for a channel's thread (Gmail thread, Telegram chat/topic).
        builder.HasIndex(c => new { c.ChannelId, c.ExternalThreadKey });
        // "Waiting longest": keyset on (WaitingSince, Id), only rows with someone waiting.
        builder.HasIndex(c => new { c.WaitingSince, c.Id });
        // Snooze wake-up sweep.
        builder.HasIndex(c => c.SnoozedUntil);
    }

    internal const int PreviewLength = 200;
}

internal sealed class LabelConfiguration : IEntityTypeConfiguration<Label>
{
    public void Configure(EntityTypeBuilder<Label> builder)
    {
        builder.Property(l => l.Name).HasMaxLength(64);
        builder.Property(l => l.Color).HasMaxLength(32);
        // Labels are looked up by name when a hashtag or a rule adds one.
        builder.HasIndex(l => l.Name).IsUnique();
    }
}

internal sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> builder)
    {
        builder.Property(m => m.SenderName).HasMaxLength(200);
        builder.Property(m => m.ExternalId).HasMaxLength(200);
        builder.Property(m => m.InternetMessageId).HasMaxLength(500);
        builder.Property(m => m.EmailCc).HasMaxLength(EmailAddresses.MaxListLength);
        builder.Property(m => m.EmailBcc).HasMaxLength(EmailAddresses.MaxListLength);
        builder.Property(m => m.EmailReplyTo).HasMaxLength(EmailAddresses.MaxListLength);
        builder.Property(m => m.EmailReferences).HasMaxLength(Message.ReferencesLength);
        builder.Property(m => m.EmailSubject).HasMaxLength(Message.SubjectLength);
        builder.Property(m => m.DeliveryError).HasMaxLength(1000);
        builder.Property(m => m.LocationName).HasMaxLength(300);
        builder.HasOne(m => m.Conversation).WithMany(c => c.Messages).HasForeignKey(m => m.ConversationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(m => m.SenderUser).WithMany().HasForeignKey(m => m.SenderUserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Message>().WithMany().HasForeignKey(m => m.ReplyToMessageId).OnDelete(DeleteBehavior.NoAction);
        builder.HasOne(m => m.SenderContact).WithMany().HasForeignKey(m => m.SenderContactId).OnDelete(DeleteBehavior.NoAction);
        builder.HasOne<Channels.Channel>().WithMany().HasForeignKey(m => m.ChannelId).OnDelete(DeleteBehavior.Restrict);

        // Ingest dedupe: the same inbound message delivered twice is stored once.
        builder.HasIndex(m => new { m.ChannelId, m.ExternalId }).IsUnique();
        // Thread view: a conversation's messages in order.
        builder.HasIndex(m => new { m.ConversationId, m.CreatedAt, m.Id });
        // Email threading: In-Reply-To / References lookup.
        builder.HasIndex(m => m.InternetMessageId);
        // The rules sweep's question: which messages still have rules to run.
        builder.HasIndex(m => m.RulesDue);
        // Retention: expired messages of a channel, oldest first.
        builder.HasIndex(m => new { m.ChannelId, m.CreatedAt });
    }
}
