using CommHub.Core.Attachments;
using CommHub.Core.Channels;
using CommHub.Core.Contacts;
using CommHub.Core.Conversations;
using CommHub.Tests.TestSupport;

namespace CommHub.Tests.Core.Search;

/// <summary>Conversations and messages written straight to the real database; the index follows by itself.</summary>
internal sealed class SearchSeed(CommHubFactory factory)
{
    public static readonly DateTime Start = new(2026, 5, 1, 9, 0, 0, DateTimeKind.Utc);

    public async Task<Channel> ChannelAsync(string name, ChannelKind kind = ChannelKind.Telegram)
    {
        await using var db = await factory.CreateDbAsync();
        var channel = new Channel { Kind = kind, Name = name };
        db.Channels.Add(channel);
        await db.SaveChangesAsync();
        return channel;
    }

    /// <summary>A contact; with <paramref name="portalUserId"/>, the one the customer's registration made, renamed.</summary>
    public async Task<Contact> ContactAsync(string name, string? email = null, string? phone = null, string? handle = null, string? portalUserId = null)
    {
        await using var db = await factory.CreateDbAsync();
        var contact = portalUserId is null
            ? db.Contacts.Add(new Contact()).Entity
            : db.Contacts.Single(c => c.Identities.Any(i => i.Kind == IdentityKind.PortalUser && i.Value == portalUserId));
        (contact.Name, contact.Email, contact.Phone) = (name, email, phone);
        if (handle is not null) contact.Identities.Add(new ContactIdentity { Kind = IdentityKind.Telegram, Value = Guid.NewGuid().ToString("N"), DisplayHandle = handle });
        await db.SaveChangesAsync();
        return contact;
    }

    public async Task<Conversation> ConversationAsync(
        Channel channel, Contact contact, string subject, ConversationStatus status = ConversationStatus.Open, string? assigneeId = null, string? label = null)
    {
        await using var db = await factory.CreateDbAsync();
        var conversation = new Conversation
        {
            ChannelId = channel.Id, ContactId = contact.Id, Subject = subject, Status = status, AssigneeId = assigneeId, LastActivityAt = Start,
        };
        if (label is not null) conversation.Labels.Add(db.Labels.FirstOrDefault(l => l.Name == label) ?? new Label { Name = label });
        db.Conversations.Add(conversation);
        await db.SaveChangesAsync();
        return conversation;
    }

    public async Task<Message> MessageAsync(
        Conversation conversation, string text, int minutes = 0, MessageDirection direction = MessageDirection.Inbound, bool note = false, string? file = null)
    {
        await using var db = await factory.CreateDbAsync();
        var message = new Message
        {
            ConversationId = conversation.Id,
            ChannelId = conversation.ChannelId,
            Direction = note ? MessageDirection.Outbound : direction,
            SenderKind = note || direction == MessageDirection.Outbound ? SenderKind.Agent : SenderKind.Contact,
            Text = text,
            IsPrivateNote = note,
            DeliveryStatus = DeliveryStatus.Read,
            CreatedAt = Start.AddMinutes(minutes),
            ExternalId = Guid.NewGuid().ToString("N"),
        };
        if (file is not null) message.Attachments.Add(new Attachment { FileName = file, ContentType = "application/pdf", Size = 10, State = AttachmentState.Ready });
        db.Messages.Add(message);
        await db.SaveChangesAsync();
        return message;
    }
}
