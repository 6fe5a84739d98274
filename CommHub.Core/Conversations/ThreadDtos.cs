using CommHub.Core.Attachments;
using CommHub.Core.Channels;
using CommHub.Core.Contacts;

namespace CommHub.Core.Conversations;

public sealed record ThreadMessage(
    int Id,
    MessageDirection Direction,
    SenderKind SenderKind,
    string? SenderName,
    string Text,
    bool IsPrivateNote,
    DeliveryStatus DeliveryStatus,
    string? DeliveryError,
    DateTime CreatedAt,
    DateTime? EditedAt)
{
    public IReadOnlyList<AttachmentView> Attachments { get; init; } = [];

    /// <summary>An email's HTML body, already sanitized when it came in; null for other messages.</summary>
    public string? Html { get; init; }

    /// <summary>The message this one answers (a Telegram reply), when it is in the same thread and visible to the viewer.</summary>
    public QuotedMessage? ReplyTo { get; init; }

    internal int? ReplyToId { get; init; }

    /// <summary>An email's copies: Cc for everyone who sees the message, Bcc in staff views only.</summary>
    public string? EmailCc { get; init; }

    public string? EmailBcc { get; init; }

    /// <summary>A customer's mail's Reply-To: where the answer goes instead of the sender.</summary>
    public string? EmailReplyTo { get; init; }

    /// <summary>A position shared with the message (a Telegram location, a crew member's position or check-in).</summary>
    public MessageLocation? Location { get; init; }

    public CheckInKind? CheckIn { get; init; }

    /// <summary>The sender's data was erased: shown as "erased", with nothing of what it said.</summary>
    public bool Erased { get; init; }
}

/// <summary>A position as the phone reported it: accuracy in metres, and when it was taken.</summary>
public sealed record MessageLocation(double Latitude, double Longitude, double? Accuracy, DateTime At)
{
    public string MapUrl => MapLink(Latitude, Longitude);

    public static string MapLink(double latitude, double longitude) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"https://www.openstreetmap.org/?mlat={latitude:0.######}&mlon={longitude:0.######}#map=17/{latitude:0.######}/{longitude:0.######}");
}

/// <summary>A short quote of the message another one answers.</summary>
public sealed record QuotedMessage(int Id, string? SenderName, string Preview)
{
    /// <summary>The message's text in one line, or when it has none, its files' names.</summary>
    public static QuotedMessage Of(ThreadMessage message) =>
        new(message.Id, message.SenderName, Conversation.PreviewOf(message.Text, message.Attachments.Select(a => a.FileName).ToList()));
}

public sealed record ConversationHeader(
    int Id,
    string Subject,
    ConversationStatus Status,
    DateTime? SnoozedUntil,
    ConversationPriority Priority,
    string? AssigneeId,
    string? AssigneeName,
    IReadOnlyList<string> Labels,
    int ChannelId,
    ChannelKind ChannelKind,
    string ChannelName,
    DateTime CreatedAt,
    bool LegalHold = false);

public sealed record ContactIdentityView(IdentityKind Kind, string Value, string? DisplayHandle);

public sealed record ContactConversation(int Id, string Subject, ConversationStatus Status, DateTime LastActivityAt);

public sealed record ContactPanel(
    int Id,
    string Name,
    string? Email,
    IReadOnlyList<ContactIdentityView> Identities,
    IReadOnlyList<ContactConversation> OtherConversations);

public sealed record ConversationThread(ConversationHeader Header, IReadOnlyList<ThreadMessage> Messages, ContactPanel Contact);

public sealed record AgentOption(string Id, string Name);

/// <summary>The message a reply stored; <see cref="Replayed"/> when an earlier request with the same idempotency key had stored it.</summary>
public sealed record SentReplyReceipt(int MessageId, bool Replayed);
