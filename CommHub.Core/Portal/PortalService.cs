using CommHub.Core.Attachments;
using CommHub.Core.Channels;
using CommHub.Core.Common;
using CommHub.Core.Contacts;
using CommHub.Core.Conversations;
using CommHub.Core.Data;
using CommHub.Core.Ingest;
using CommHub.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace CommHub.Core.Portal;

/// <summary>
/// The customer's side. Every read and write starts from the signed-in user's own contact, so a
/// customer can never load another customer's conversation by guessing its id, nor any private note.
/// </summary>
public sealed class PortalService(
    IDbContextFactory<CommHubDbContext> dbFactory,
    CustomerAccounts accounts,
    CustomerSide side,
    AttachmentService attachments,
    IngestService ingest,
    TimeProvider clock)
{
    public const string DefaultChannelName = "Customer portal";

    public Task<OperationResult> RegisterAsync(RegisterCustomerRequest request, CancellationToken cancellationToken = default) =>
        accounts.RegisterAsync(request, cancellationToken);

    public async Task<IReadOnlyList<PortalConversationItem>> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await OwnConversations(db, userId)
            .OrderByDescending(c => c.LastActivityAt).ThenByDescending(c => c.Id)
            .Select(c => new PortalConversationItem(c.Id, c.Subject, c.Status, c.CustomerUnreadCount, c.LastMessagePreview, c.LastActivityAt))
            .ToListAsync(cancellationToken);
    }

    /// <returns>Null when there is no such conversation or it is not this customer's: both look the same.</returns>
    public async Task<PortalConversation?> GetAsync(string userId, int conversationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var head = await OwnConversations(db, userId).Where(c => c.Id == conversationId)
            .Select(c => new { c.Id, c.Subject, c.Status })
            .SingleOrDefaultAsync(cancellationToken);
        if (head is null) return null;
        var messages = await ConversationService.ThreadMessagesAsync(db, conversationId, includePrivateNotes: false, cancellationToken);
        return new PortalConversation(head.Id, head.Subject, head.Status, messages);
    }

    public async Task<OperationResult<int>> StartAsync(
        string userId, string subject, string text, IReadOnlyList<StagedFile>? files = null, CancellationToken cancellationToken = default)
    {
        files ??= [];
        if (MessageRules.ValidateSubject(subject) is { } subjectError) return OperationResult<int>.Fail(subjectError);
        if ((MessageRules.Validate(text, files.Count > 0) ?? attachments.CheckCount(files.Count)) is { } textError) return OperationResult<int>.Fail(textError);

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var contact = await OwnContact(db, userId).Select(c => new { c.Id, c.Name }).SingleOrDefaultAsync(cancellationToken);
        if (contact is null) return OperationResult<int>.Fail("Your account has no customer profile; sign out and in again, or ask support.");
        var channel = await PortalChannelAsync(db, cancellationToken);
        var stored = await ingest.IngestAsync(Inbound(channel.Id, userId, contact.Name, text, files) with { ThreadTitle = subject.Trim() }, cancellationToken);
        return OperationResult<int>.Ok(stored.ConversationId);
    }

    public async Task<OperationResult> ReplyAsync(
        string userId, int conversationId, string text, IReadOnlyList<StagedFile>? files = null, CancellationToken cancellationToken = default)
    {
        files ??= [];
        if ((MessageRules.Validate(text, files.Count > 0) ?? attachments.CheckCount(files.Count)) is { } error) return OperationResult.Fail(error);

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var conversation = await OwnConversations(db, userId).Where(c => c.Id == conversationId)
            .Select(c => new { c.ChannelId, c.Status, c.Contact!.Name }).SingleOrDefaultAsync(cancellationToken);
        if (conversation is null) return OperationResult.Fail("This conversation was not found.");
        if (conversation.Status == ConversationStatus.Closed)
            return OperationResult.Fail("This conversation is closed. Start a new request if you need more help.");

        await ingest.IngestAsync(Inbound(conversation.ChannelId, userId, conversation.Name, text, files) with { ConversationId = conversationId }, cancellationToken);
        return OperationResult.Ok;
    }

    /// <summary>The customer has the conversation open: agent replies are read, and nothing is unread for them.</summary>
    public async Task MarkReadAsync(string userId, int conversationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await OwnConversations(db, userId).AnyAsync(c => c.Id == conversationId, cancellationToken)) await side.MarkReadAsync(conversationId, cancellationToken);
    }

    /// <summary>The customer is typing (agents on the conversation see it for a few seconds).</summary>
    public async Task TypingAsync(string userId, int conversationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var name = await OwnConversations(db, userId).Where(c => c.Id == conversationId).Select(c => c.Contact!.Name).SingleOrDefaultAsync(cancellationToken);
        if (name is not null) side.Typing(conversationId, name);
    }

    /// <summary>
    /// A customer's message as every channel's arrive: through ingest, which stores it, moves its conversation, runs the
    /// rules and tells live views. The portal has no transport, so the message is with us the moment it is stored.
    /// </summary>
    private InboundMessage Inbound(int channelId, string userId, string name, string text, IReadOnlyList<StagedFile> files)
    {
        // Our own id for it: nothing outside can deliver it twice.
        var id = "portal:" + Guid.NewGuid().ToString("N");
        return new InboundMessage(channelId, id, id, null, new InboundSender(IdentityKind.PortalUser, userId, name), text, clock.GetUtcNow().UtcDateTime)
        {
            StagedFiles = files,
        };
    }

    private static IQueryable<Contact> OwnContact(CommHubDbContext db, string userId) =>
        db.Contacts.Where(c => c.Identities.Any(i => i.Kind == IdentityKind.PortalUser && i.Value == userId));

    private static IQueryable<Conversation> OwnConversations(CommHubDbContext db, string userId) =>
        db.Conversations.Where(c => db.ContactIdentities.Any(i => i.Kind == IdentityKind.PortalUser && i.Value == userId && i.ContactId == c.ContactId));

    private static Task<Channel> PortalChannelAsync(CommHubDbContext db, CancellationToken cancellationToken) =>
        CustomerSide.ChannelAsync(db, ChannelKind.Portal, DefaultChannelName, cancellationToken);
}
