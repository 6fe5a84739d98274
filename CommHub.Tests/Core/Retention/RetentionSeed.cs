using CommHub.Core.Attachments;
using CommHub.Core.Channels;
using CommHub.Core.Contacts;
using CommHub.Core.Conversations;
using CommHub.Core.Data;
using CommHub.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Core.Retention;

/// <summary>Channels, conversations and messages at chosen times, with real blobs in the app's blob store.</summary>
internal sealed class RetentionSeed(CommHubFactory factory)
{
    public IBlobStore Blobs => factory.Services.GetRequiredService<IBlobStore>();

    public async Task<Channel> ChannelAsync(int? retentionDays, string? timeZone = null)
    {
        await using var db = await factory.CreateDbAsync();
        var channel = new Channel
        {
            Kind = ChannelKind.Telegram,
            Name = "Bot " + Guid.NewGuid().ToString("N")[..6],
            RetentionDays = retentionDays,
            BusinessHours = timeZone is null ? null : new BusinessHours(timeZone, [], []),
        };
        db.Channels.Add(channel);
        await db.SaveChangesAsync();
        return channel;
    }

    public async Task<Conversation> ConversationAsync(Channel channel, string contactName = "Sam", bool legalHold = false, Contact? contact = null)
    {
        await using var db = await factory.CreateDbAsync();
        contact ??= new Contact { Name = contactName };
        if (contact.Id != 0) db.Attach(contact);
        var conversation = new Conversation { ChannelId = channel.Id, Contact = contact, Subject = contactName, LegalHold = legalHold };
        db.Conversations.Add(conversation);
        await db.SaveChangesAsync();
        return conversation;
    }

    /// <summary>A customer message at <paramref name="at"/>, with <paramref name="files"/> attachments whose three blobs exist.</summary>
    public async Task<Message> MessageAsync(Conversation conversation, DateTime at, int files = 0, string text = "hello",
        MessageDirection direction = MessageDirection.Inbound, DeliveryStatus status = DeliveryStatus.Read, int? senderContactId = null)
    {
        await using var db = await factory.CreateDbAsync();
        var message = new Message
        {
            ConversationId = conversation.Id,
            ChannelId = conversation.ChannelId,
            Direction = direction,
            SenderKind = direction == MessageDirection.Inbound ? SenderKind.Contact : SenderKind.Agent,
            SenderContactId = senderContactId,
            Text = text,
            DeliveryStatus = status,
            CreatedAt = at,
            ExternalId = Guid.NewGuid().ToString("N"),
        };
        for (var i = 0; i < files; i++) message.Attachments.Add(await AttachmentAsync($"photo{i}.jpg"));
        db.Messages.Add(message);
        await db.SaveChangesAsync();
        await UpdatePreviewAsync(db, conversation.Id, message);
        return message;
    }

    private static async Task UpdatePreviewAsync(CommHubDbContext db, int conversationId, Message message)
    {
        var conversation = await db.Conversations.FindAsync(conversationId);
        if (conversation!.LastActivityAt > message.CreatedAt) return;
        conversation.LastActivityAt = message.CreatedAt;
        conversation.LastMessagePreview = Conversation.PreviewOf(message.Text);
        if (message.Direction == MessageDirection.Inbound && message.DeliveryStatus != DeliveryStatus.Read) conversation.AgentUnreadCount++;
        await db.SaveChangesAsync();
    }

    /// <summary>Adds a file (three blobs) to a stored message.</summary>
    public async Task<Attachment> AttachAsync(int messageId, string name = "photo.jpg")
    {
        var attachment = await AttachmentAsync(name);
        attachment.MessageId = messageId;
        await using var db = await factory.CreateDbAsync();
        db.Attachments.Add(attachment);
        await db.SaveChangesAsync();
        return attachment;
    }

    private async Task<Attachment> AttachmentAsync(string name)
    {
        var clock = TimeProvider.System;
        var attachment = new Attachment
        {
            FileName = name,
            ContentType = "image/jpeg",
            Size = 3,
            OriginalBlobKey = BlobKeys.New("originals", clock),
            CompressedBlobKey = BlobKeys.New("display", clock),
            ThumbnailBlobKey = BlobKeys.New("thumbnails", clock),
            State = AttachmentState.Ready,
        };
        foreach (var key in Keys(attachment)) await Blobs.PutAsync(key, new MemoryStream([0xFF, 0xD8, 0xFF]), "image/jpeg");
        return attachment;
    }

    public static IEnumerable<string> Keys(Attachment a) => new[] { a.OriginalBlobKey, a.CompressedBlobKey, a.ThumbnailBlobKey }.OfType<string>();

    public static IEnumerable<string> Keys(Message m) => m.Attachments.SelectMany(Keys);
}
