using CommHub.Core.Channels;

namespace CommHub.Core.Outbox;

/// <summary>What a channel connector needs to send one message.</summary>
public sealed record OutboundEnvelope(
    int MessageId,
    int ConversationId,
    int ChannelId,
    string Text,
    string? Subject,
    string? ExternalThreadKey,
    string? RecipientEmail,
    string? RecipientIdentity,
    string? InReplyTo,
    IReadOnlyList<string> References,
    string? CcList = null,
    string? BccList = null,
    IReadOnlyList<OutboundFile>? Files = null,
    int PartsSent = 0);

/// <summary>
/// A file sent with the message, read from the blob store by the connector: for a staff image the cleaned copy (no metadata)
/// unless "send original" was chosen. <paramref name="Size"/> is null when not known up front (a cleaned copy).
/// </summary>
public sealed record OutboundFile(string FileName, string ContentType, string BlobKey, long? Size = null);

public enum SendOutcome
{
    Sent,
    /// <summary>Worth trying again later (429, 5xx, a network error).</summary>
    Retry,
    /// <summary>Trying again cannot help (the bot was blocked, the address does not exist).</summary>
    Permanent,
}

/// <param name="ExternalId">The channel's id of the sent message (dedupes it when it comes back in a sync).</param>
/// <param name="InternetMessageId">The Message-ID an email was sent with, for threading the answers.</param>
/// <param name="RetryAfter">The channel's own "retry after", which beats any backoff.</param>
/// <param name="PartsSent">For a message sent in parts and stopped partway: how many parts the channel has, in all.</param>
public sealed record SendResult(
    SendOutcome Outcome, string? ExternalId = null, string? InternetMessageId = null, string? Error = null, TimeSpan? RetryAfter = null, int? PartsSent = null)
{
    public static SendResult Sent(string? externalId, string? internetMessageId = null) => new(SendOutcome.Sent, externalId, internetMessageId);
}

/// <summary>Port: one per channel kind that has an outside transport.</summary>
public interface IChannelSender
{
    ChannelKind Kind { get; }

    Task<SendResult> SendAsync(OutboundEnvelope envelope, CancellationToken cancellationToken);
}

/// <summary>Port: "there is something in the outbox" — send it now rather than at the next sweep.</summary>
public interface IOutboxSignal
{
    void Signal();
}
