using CommHub.Core.Conversations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommHub.Core.Webhooks;

/// <summary>An admin's outgoing webhook: where to post, which events, and the signing secret (encrypted at rest).</summary>
public class WebhookSubscription
{
    public int Id { get; set; }
    public string Url { get; set; } = "";
    public string? Description { get; set; }

    /// <summary>The chosen event types, comma-separated (<see cref="WebhookEventTypes"/>).</summary>
    public string Events { get; set; } = "";

    /// <summary>The <c>whsec_...</c> secret, protected with <see cref="Channels.ISecretProtector"/>.</summary>
    public string ProtectedSecret { get; set; } = "";

    /// <summary>Private notes are internal: only a subscription that opted in receives them.</summary>
    public bool IncludePrivateNotes { get; set; }
    public bool Enabled { get; set; } = true;

    /// <summary>Why it was disabled by itself (410 Gone, too many failures); shown as a banner until enabled again.</summary>
    public string? DisabledReason { get; set; }
    public int ConsecutiveFailures { get; set; }
    public DateTime CreatedAt { get; set; }

    public bool Wants(string type) => Events.Split(',').Contains(type, StringComparer.Ordinal);
}

/// <summary>
/// Something that happened, written by <see cref="WebhookJournal"/> in the same save as the change itself, and turned into
/// one delivery per matching subscription by the dispatcher, which then deletes it.
/// </summary>
public class WebhookEvent
{
    public long Id { get; set; }
    public string Type { get; set; } = "";

    /// <summary>A foreign key so a message stored in the same save gets its id filled in (its conversation is read from it).</summary>
    public int? MessageId { get; set; }
    public Message? Message { get; set; }

    /// <summary>The conversation of a conversation event (0 for one made in the same save: read through the message).</summary>
    public int ConversationId { get; set; }
    public int? ContactId { get; set; }
    public DateTime At { get; set; }
}

public enum WebhookDeliveryState
{
    Pending = 0,
    Delivered = 1,
    /// <summary>Given up (24 hours of retries, or the subscription was gone); can be redelivered by hand.</summary>
    Failed = 2,
}

/// <summary>One event for one subscription: the exact body signed and sent, its attempts and the last answer.</summary>
public class WebhookDelivery
{
    public long Id { get; set; }
    public int SubscriptionId { get; set; }
    public WebhookSubscription? Subscription { get; set; }

    /// <summary>The <c>webhook-id</c>: the same on every retry, so a receiver can drop repeats.</summary>
    public string MessageId { get; set; } = "";
    public string Type { get; set; } = "";

    /// <summary>Deliveries of one conversation (to one subscription) go in order: a later one waits for the earlier.</summary>
    public int ConversationId { get; set; }
    public string Body { get; set; } = "";
    public WebhookDeliveryState State { get; set; }
    public int Attempts { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public DateTime? LastAttemptAt { get; set; }
    public int? LastStatusCode { get; set; }
    public int? LastDurationMs { get; set; }

    /// <summary>The first bytes of the receiver's answer, or why there was none.</summary>
    public string? LastResponse { get; set; }
}

internal sealed class WebhookConfiguration :
    IEntityTypeConfiguration<WebhookSubscription>, IEntityTypeConfiguration<WebhookEvent>, IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookSubscription> builder)
    {
        builder.Property(s => s.Url).HasMaxLength(WebhookService.MaxUrlLength);
        builder.Property(s => s.Description).HasMaxLength(200);
        builder.Property(s => s.Events).HasMaxLength(500);
        builder.Property(s => s.ProtectedSecret).HasMaxLength(2000);
        builder.Property(s => s.DisabledReason).HasMaxLength(500);
    }

    public void Configure(EntityTypeBuilder<WebhookEvent> builder)
    {
        builder.Property(e => e.Type).HasMaxLength(50);
        builder.HasOne(e => e.Message).WithMany().HasForeignKey(e => e.MessageId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.Property(d => d.MessageId).HasMaxLength(50);
        builder.Property(d => d.Type).HasMaxLength(50);
        builder.Property(d => d.LastResponse).HasMaxLength(WebhookService.LoggedResponseLength);
        builder.HasOne(d => d.Subscription).WithMany().HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        // The dispatcher: pending deliveries in order.
        builder.HasIndex(d => new { d.State, d.Id });
        // The delivery log: a subscription's newest deliveries.
        builder.HasIndex(d => new { d.SubscriptionId, d.Id });
    }
}
