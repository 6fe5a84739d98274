using CommHub.Core.Common;
using CommHub.Core.Conversations;

namespace CommHub.Core.Outbox;

public enum OutboxState
{
    Pending = 0,
    Sending = 1,
    Done = 2,
    Failed = 3,
    /// <summary>
    /// The send was tried but its result could not be recorded (or the worker died mid-send): the channel may have the
    /// message. Never sent again by itself; a person checks the chat, then retries or marks it sent.
    /// </summary>
    Unknown = 4,
}

/// <summary>
/// A send to perform through a channel's connector, written in the same transaction as its message
/// so a reply is never lost between "stored" and "sent".
/// </summary>
public class OutboxItem : IAuditable
{
    public long Id { get; set; }
    public int MessageId { get; set; }
    public Message? Message { get; set; }
    public int ChannelId { get; set; }
    public OutboxState State { get; set; }
    public int Attempts { get; set; }

    /// <summary>Not before this time: backoff, or the channel's retry-after.</summary>
    public DateTime NextAttemptAt { get; set; }

    public string? LastError { get; set; }

    /// <summary>
    /// How many parts of a message sent in several (a long Telegram text, then its files) the channel already has; a
    /// retry resumes after them, so the recipient never gets a part twice.
    /// </summary>
    public int PartsSent { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
