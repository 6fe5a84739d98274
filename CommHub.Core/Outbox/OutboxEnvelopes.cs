using CommHub.Core.Attachments;
using CommHub.Core.Contacts;
using CommHub.Core.Conversations;
using CommHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CommHub.Core.Outbox;

/// <summary>What an outbox item sends: the envelope for its connector, and whether its photos are ready to leave.</summary>
internal static class OutboxEnvelopes
{
    /// <summary>Why the send cannot go yet (<c>Wait</c>) or at all (<c>Refuse</c>); null when every file is ready.</summary>
    public static async Task<(bool Wait, string? Refuse)?> MediaProblemAsync(
        CommHubDbContext db, int messageId, int maxProcessingAttempts, CancellationToken cancellationToken)
    {
        // A staff image leaves only as its cleaned copy, unless someone chose "send original": until the pipeline has made
        // it the send waits (Pending, or Failed with attempts left for the sweep), and once the pipeline gave up it cannot go.
        var unready = await db.Attachments.AsNoTracking()
            .Where(a => a.MessageId == messageId && !a.SendOriginal && a.CompressedBlobKey == null
                && (a.State == AttachmentState.Pending || a.State == AttachmentState.Failed))
            .OrderBy(a => a.Id)
            .Select(a => new { a.FileName, a.ContentType, a.State, a.ProcessingAttempts, a.Error })
            .ToListAsync(cancellationToken);
        unready.RemoveAll(a => !AttachmentService.IsRaster(a.ContentType));
        if (unready.Count == 0) return null;
        if (unready.FirstOrDefault(a => a.State == AttachmentState.Failed && a.ProcessingAttempts >= maxProcessingAttempts) is { } failed)
            return (false, $"The photo “{failed.FileName}” could not be prepared for sending ({failed.Error ?? "processing failed"}). " +
                "Photos leave only without their metadata (location, camera), so nothing was sent. Send the reply again without it, or choose “send original”.");
        return (true, null);
    }

    public static async Task<OutboundEnvelope> BuildAsync(CommHubDbContext db, OutboxItem item, Conversation conversation, CancellationToken cancellationToken)
    {
        var message = item.Message!;
        var identities = await db.ContactIdentities.Where(i => i.ContactId == conversation.ContactId).ToListAsync(cancellationToken);
        var contactEmail = await db.Contacts.Where(c => c.Id == conversation.ContactId).Select(c => c.Email).SingleOrDefaultAsync(cancellationToken);
        // Threading: answer the newest message that has a Message-ID, and carry the chain of ids.
        var earlier = await db.Messages
            .Where(m => m.ConversationId == conversation.Id && m.Id != message.Id && m.InternetMessageId != null)
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .Select(m => new EarlierMail(m.InternetMessageId!, m.Direction, m.EmailReferences, m.EmailReplyTo, m.EmailSubject))
            .ToListAsync(cancellationToken);
        var customerMail = earlier.LastOrDefault(m => m.Direction == MessageDirection.Inbound);
        var attachments = await db.Attachments.AsNoTracking().Where(a => a.MessageId == message.Id && a.OriginalBlobKey != null).OrderBy(a => a.Id)
            .ToListAsync(cancellationToken);
        return new OutboundEnvelope(
            message.Id, conversation.Id, conversation.ChannelId, message.Text,
            earlier.LastOrDefault(m => m.Subject is not null)?.Subject ?? conversation.Subject, conversation.ExternalThreadKey,
            // The customer's newest mail decides where the answer goes: its Reply-To when it has one, else the contact.
            customerMail?.ReplyTo ?? identities.FirstOrDefault(i => i.Kind == IdentityKind.Email)?.Value ?? contactEmail,
            identities.FirstOrDefault(i => i.Kind == IdentityKind.Telegram)?.Value,
            earlier.LastOrDefault()?.Id,
            References(earlier),
            message.EmailCc,
            message.EmailBcc,
            attachments.Select(FileOf).ToList(),
            item.PartsSent);
    }

    private sealed record EarlierMail(string Id, MessageDirection Direction, string? References, string? ReplyTo, string? Subject);

    /// <summary>
    /// The reply's References: the chain of the newest mail that brought one (a mail from outside carries ids the app never
    /// stored), then every Message-ID of the conversation from that mail on, the parent last. Without any such mail, every id.
    /// </summary>
    private static IReadOnlyList<string> References(List<EarlierMail> earlier)
    {
        var anchor = earlier.FindLastIndex(m => m.References is not null);
        var chain = anchor < 0 ? [] : EmailReplies.Split(earlier[anchor].References);
        return EmailReplies.Chain(chain.Concat(earlier.Skip(Math.Max(anchor, 0)).Select(m => m.Id)));
    }

    /// <summary>The cleaned copy of an image (orientation applied, no EXIF/GPS/XMP) unless "send original" was chosen.</summary>
    internal static OutboundFile FileOf(Attachment attachment) =>
        attachment is { SendOriginal: false, CompressedBlobKey: { } cleaned } && AttachmentService.IsRaster(attachment.ContentType)
            ? new OutboundFile(Path.ChangeExtension(attachment.FileName, ".webp"), "image/webp", cleaned)
            : new OutboundFile(attachment.FileName, attachment.ContentType, attachment.OriginalBlobKey!, attachment.Size);
}
