using CommHub.Core.Analytics;
using CommHub.Core.Attachments;
using CommHub.Core.Channels;
using CommHub.Core.Common;
using CommHub.Core.Data;
using CommHub.Core.Outbox;
using CommHub.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace CommHub.Core.Conversations;

/// <summary>What staff do with one conversation: read it, answer it, and move it along.</summary>
public sealed class ConversationService(
    IDbContextFactory<CommHubDbContext> dbFactory,
    ConversationNotifier notifier,
    AttachmentService attachments,
    IOutboxSignal outbox,
    Notifications.NotificationService notifications,
    TimeProvider clock)
{
    private const int OtherConversationsShown = 10;

    public async Task<ConversationThread?> GetThreadAsync(int conversationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var header = await db.Conversations.AsNoTracking()
            .Where(c => c.Id == conversationId)
            .Select(c => new
            {
                c.Id, c.Subject, c.Status, c.SnoozedUntil, c.Priority, c.AssigneeId,
                AssigneeName = c.Assignee == null ? null : c.Assignee.DisplayName,
                c.ChannelId, c.Channel!.Kind, ChannelName = c.Channel.Name, c.CreatedAt, c.ContactId, c.LegalHold,
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (header is null) return null;

        // Labels and the contact's other conversations are separate, indexed queries: projected as collections in one
        // query, EF's LEFT JOINs made SQLite read the whole ConversationLabels table and number every conversation of
        // every contact (ROW_NUMBER over all conversations) each time a conversation was opened.
        var labels = await db.Conversations
            .Where(c => c.Id == conversationId)
            .SelectMany(c => c.Labels).OrderBy(l => l.Name).Select(l => l.Name)
            .ToListAsync(cancellationToken);
        var messages = await ThreadMessagesAsync(db, conversationId, includePrivateNotes: true, cancellationToken);
        var contact = await db.Contacts.AsNoTracking()
            .Where(c => c.Id == header.ContactId)
            .Select(c => new
            {
                c.Id, c.Name, c.Email,
                Identities = c.Identities.OrderBy(i => i.Kind).Select(i => new ContactIdentityView(i.Kind, i.Value, i.DisplayHandle)).ToList(),
            })
            .SingleAsync(cancellationToken);
        var others = await db.Conversations.AsNoTracking()
            .Where(o => o.ContactId == header.ContactId && o.Id != conversationId)
            .OrderByDescending(o => o.LastActivityAt).Take(OtherConversationsShown)
            .Select(o => new ContactConversation(o.Id, o.Subject, o.Status, o.LastActivityAt))
            .ToListAsync(cancellationToken);

        return new ConversationThread(
            new ConversationHeader(
                header.Id, header.Subject, header.Status, header.SnoozedUntil, header.Priority, header.AssigneeId, header.AssigneeName,
                labels, header.ChannelId, header.Kind, header.ChannelName, header.CreatedAt, header.LegalHold),
            messages,
            new ContactPanel(contact.Id, contact.Name, contact.Email, contact.Identities, others));
    }

    /// <summary>The messages of a conversation in order, with their attachments; the customer's views leave private notes out.</summary>
    internal static async Task<IReadOnlyList<ThreadMessage>> ThreadMessagesAsync(
        CommHubDbContext db, int conversationId, bool includePrivateNotes, CancellationToken cancellationToken)
    {
        var messages = await db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == conversationId && (includePrivateNotes || !m.IsPrivateNote))
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .Select(m => new ThreadMessage(
                m.Id, m.Direction, m.SenderKind, m.SenderName, m.Text, m.IsPrivateNote,
                m.DeliveryStatus, m.DeliveryError, m.CreatedAt, m.EditedAt) {
                    Html = m.SanitizedHtml, ReplyToId = m.ReplyToMessageId, EmailCc = m.EmailCc, EmailBcc = includePrivateNotes ? m.EmailBcc : null,
                    EmailReplyTo = m.EmailReplyTo,
                    Erased = m.ErasedAt != null,
                    Location = m.Latitude != null && m.Longitude != null
                        ? new MessageLocation(m.Latitude.Value, m.Longitude.Value, m.LocationAccuracy, m.LocationAt ?? m.CreatedAt) : null,
                    CheckIn = m.CheckIn,
                })
            .ToListAsync(cancellationToken);
        // Attachments in a second indexed query, as labels are read for the inbox page.
        var attachments = await AttachmentService.ViewsAsync(db, conversationId, includePrivateNotes, cancellationToken);
        var withFiles = messages.Select(m => attachments.Contains(m.Id) ? m with { Attachments = attachments[m.Id].ToList() } : m).ToList();
        // A reply quotes the message it answers, from the messages this viewer may see.
        var byId = withFiles.ToDictionary(m => m.Id);
        return withFiles.Select(m => m.ReplyToId is { } id && byId.TryGetValue(id, out var quoted)
            ? m with { ReplyTo = QuotedMessage.Of(quoted) }
            : m).ToList();
    }

    /// <summary>
    /// An agent's reply or private note. The message, the conversation's new state and (for channels with
    /// an outside transport) the outbox row are saved in one transaction. A portal reply has no transport:
    /// storing it delivers it, so it is Sent at once.
    /// </summary>
    public async Task<OperationResult> ReplyAsync(
        int conversationId, string agentUserId, string text, bool privateNote = false,
        IReadOnlyList<StagedFile>? files = null, EmailCopies? copies = null, int? replyToMessageId = null, CancellationToken cancellationToken = default)
    {
        return (await SendReplyAsync(conversationId, agentUserId, text, privateNote, files, copies, replyToMessageId, null, cancellationToken)).WithoutValue();
    }

    /// <summary>
    /// <see cref="ReplyAsync"/> that answers with the stored message. With an <paramref name="idempotencyKey"/> (per user) the
    /// key is saved in the message's transaction: the same key again answers with the message already stored
    /// (<see cref="SentReplyReceipt.Replayed"/>) and sends nothing, even when two such requests race.
    /// </summary>
    public async Task<OperationResult<SentReplyReceipt>> SendReplyAsync(
        int conversationId, string agentUserId, string text, bool privateNote, IReadOnlyList<StagedFile>? files, EmailCopies? copies,
        int? replyToMessageId, string? idempotencyKey, CancellationToken cancellationToken = default)
    {
        files ??= [];
        if (idempotencyKey is { Length: 0 or > SentReply.MaxKeyLength })
            return OperationResult<SentReplyReceipt>.Fail($"An idempotency key has 1 to {SentReply.MaxKeyLength} characters.");
        if (idempotencyKey is not null && await SentBeforeAsync(agentUserId, idempotencyKey, conversationId, cancellationToken) is { } earlier) return earlier;
        if ((MessageRules.Validate(text, files.Count > 0) ?? attachments.CheckCount(files.Count)) is { } error) return OperationResult<SentReplyReceipt>.Fail(error);
        var (cc, ccError) = EmailAddresses.Parse(copies?.Cc, "Cc");
        var (bcc, bccError) = EmailAddresses.Parse(copies?.Bcc, "Bcc");
        if ((ccError ?? bccError) is { } addressError) return OperationResult<SentReplyReceipt>.Fail(addressError);

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var conversation = await db.Conversations.Include(c => c.Channel).SingleOrDefaultAsync(c => c.Id == conversationId, cancellationToken);
        if (conversation is null) return OperationResult<SentReplyReceipt>.Fail(ConversationGone);
        if ((cc ?? bcc) is not null && (privateNote || conversation.Channel!.Kind != ChannelKind.Gmail))
            return OperationResult<SentReplyReceipt>.Fail(privateNote ? "A private note is not sent, so it has no Cc or Bcc." : "Cc and Bcc are only for email conversations.");
        var agentName = await db.Users.Where(u => u.Id == agentUserId).Select(u => u.DisplayName).SingleOrDefaultAsync(cancellationToken);
        if (agentName is null) return OperationResult<SentReplyReceipt>.Fail("Your account no longer exists.");
        if (replyToMessageId is { } replyTo
            && !await db.Messages.AnyAsync(m => m.Id == replyTo && m.ConversationId == conversationId && !m.IsPrivateNote, cancellationToken))
            return OperationResult<SentReplyReceipt>.Fail("The message you are answering is not in this conversation any more.");

        Message message;
        try
        {
            message = await SaveOutgoingAsync(db, conversation, now =>
            {
                var message = Outgoing.Add(db, conversation, SenderKind.Agent, agentUserId, agentName, text, privateNote, now);
                message.ReplyToMessageId = replyToMessageId;
                message.EmailCc = cc;
                message.EmailBcc = bcc;
                AttachmentService.AddTo(message, files);
                if (idempotencyKey is not null)
                    db.SentReplies.Add(new SentReply { UserId = agentUserId, Key = idempotencyKey, Message = message, CreatedAt = now });
                return message;
            }, cancellationToken);
        }
        catch (DbUpdateException) when (idempotencyKey is not null)
        {
            // Another request with the same key stored its message first; the unique index refused this one.
            if (await SentBeforeAsync(agentUserId, idempotencyKey, conversationId, CancellationToken.None) is { } raced) return raced;
            throw;
        }
        attachments.EnqueueProcessing(message);
        if (message.DeliveryStatus == DeliveryStatus.Pending) outbox.Signal();

        notifier.Publish(new LiveEvent(LiveEventKind.MessageAdded, conversationId));
        if (privateNote && text.Contains('@'))
            await notifications.NoteWrittenAsync(conversationId, message.Id, agentUserId, text, await ListAgentsAsync(cancellationToken), cancellationToken);
        return OperationResult<SentReplyReceipt>.Ok(new SentReplyReceipt(message.Id, Replayed: false));
    }

    private const string ConversationGone = "This conversation no longer exists.";

    private async Task<OperationResult<SentReplyReceipt>?> SentBeforeAsync(string userId, string key, int conversationId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var sent = await db.SentReplies.AsNoTracking().Where(r => r.UserId == userId && r.Key == key)
            .Select(r => new { r.MessageId, r.Message!.ConversationId }).SingleOrDefaultAsync(cancellationToken);
        if (sent is null) return null;
        return sent.ConversationId == conversationId
            ? OperationResult<SentReplyReceipt>.Ok(new SentReplyReceipt(sent.MessageId, Replayed: true))
            : OperationResult<SentReplyReceipt>.Fail("This idempotency key was already used for a message in another conversation; use a new key for each message.");
    }

    /// <summary>A channel renamed a thread (a Telegram forum topic): its conversations take the new name.</summary>
    public async Task<int> RenameThreadAsync(int channelId, string threadKey, string name, CancellationToken cancellationToken = default)
    {
        var subject = Conversation.PreviewOf(name);
        if (subject.Length == 0) return 0;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ids = await db.Conversations.Where(c => c.ChannelId == channelId && c.ExternalThreadKey == threadKey).Select(c => c.Id).ToListAsync(cancellationToken);
        if (ids.Count == 0) return 0;
        await db.Conversations.Where(c => ids.Contains(c.Id)).ExecuteUpdateAsync(s => s.SetProperty(c => c.Subject, subject), cancellationToken);
        foreach (var id in ids) notifier.Publish(new LiveEvent(LiveEventKind.ConversationUpdated, id));
        return ids.Count;
    }

    /// <summary>A message the channel's bot sends on its own (a Telegram /start greeting): stored and sent like a rule's reply.</summary>
    public async Task<OperationResult> SendBotMessageAsync(int conversationId, string botName, string text, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var conversation = await db.Conversations.Include(c => c.Channel).SingleOrDefaultAsync(c => c.Id == conversationId, cancellationToken);
        if (conversation is null) return OperationResult.Fail(ConversationGone);
        var message = await SaveOutgoingAsync(db, conversation, now =>
        {
            var message = Outgoing.Add(db, conversation, SenderKind.Bot, null, botName, text, privateNote: false, now);
            message.IsAutoGenerated = true;
            return message;
        }, cancellationToken);
        if (message.DeliveryStatus == DeliveryStatus.Pending) outbox.Signal();
        notifier.Publish(new LiveEvent(LiveEventKind.MessageAdded, conversationId));
        return OperationResult.Ok;
    }

    /// <summary>
    /// Saves a staff or bot message (with its outbox row) and what it does to its conversation, in one transaction.
    /// <paramref name="build"/> adds the message; it runs again if the transaction is retried.
    /// </summary>
    private async Task<Message> SaveOutgoingAsync(CommHubDbContext db, Conversation conversation, Func<DateTime, Message> build, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.InTransactionAsync(async token =>
        {
            // A retried attempt starts on an emptied change tracker: the conversation read before is attached again, unchanged.
            if (db.Entry(conversation).State == EntityState.Detached) db.Attach(conversation);
            var message = build(now);
            var activity = new ConversationActivity();
            activity.Outbound(conversation, message);
            await db.SaveChangesAsync(token);
            await activity.WriteAsync(db, now, token);
            return message;
        }, cancellationToken);
    }

    /// <summary>An agent opened the conversation: the customer's messages are read (two ticks) and nothing is unread for agents.</summary>
    public async Task MarkReadByAgentAsync(int conversationId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var changed = await db.InTransactionAsync(async token =>
        {
            var messages = await db.Messages
                .Where(m => m.ConversationId == conversationId && m.Direction == MessageDirection.Inbound && m.DeliveryStatus != DeliveryStatus.Read)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.DeliveryStatus, DeliveryStatus.Read).SetProperty(m => m.ReadAt, now), token);
            AnalyticsJournal.AddRead(db, conversationId, AnalyticsEventKind.ReadByStaff, messages, now);
            if (messages > 0) await db.SaveChangesAsync(token);
            var conversations = await db.Conversations
                .Where(c => c.Id == conversationId && c.AgentUnreadCount != 0)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.AgentUnreadCount, 0), token);
            return messages + conversations;
        }, cancellationToken);
        if (changed > 0) notifier.Publish(new LiveEvent(LiveEventKind.Read, conversationId, TypingSide.Agent));
    }

    public async Task<OperationResult> SetStatusAsync(
        int conversationId, ConversationStatus status, DateTime? snoozeUntil = null, CancellationToken cancellationToken = default)
    {
        return (await SetStatusAsync([conversationId], status, snoozeUntil, cancellationToken)).WithoutValue();
    }

    /// <summary>
    /// Sets the status of one or several conversations (the inbox's bulk actions), in one save. Resolving or closing ends a
    /// customer's wait. The result says what each conversation was before, for <see cref="UndoStatusAsync"/>.
    /// </summary>
    public async Task<OperationResult<StatusUndo>> SetStatusAsync(
        IReadOnlyCollection<int> conversationIds, ConversationStatus status, DateTime? snoozeUntil = null, CancellationToken cancellationToken = default)
    {
        if (status == ConversationStatus.Snoozed && (snoozeUntil is null || snoozeUntil <= clock.GetUtcNow().UtcDateTime))
            return OperationResult<StatusUndo>.Fail("Choose a time in the future to snooze until.");
        var before = new List<StatusBefore>();
        var result = await UpdateAsync(conversationIds, c =>
        {
            if (c.Status == status && (status != ConversationStatus.Snoozed || c.SnoozedUntil == snoozeUntil)) return false;
            before.Add(new StatusBefore(c.Id, c.Status, c.SnoozedUntil, c.WaitingSince));
            c.Status = status;
            c.SnoozedUntil = status == ConversationStatus.Snoozed ? snoozeUntil : null;
            if (status is ConversationStatus.Resolved or ConversationStatus.Closed) c.WaitingSince = null;
            return true;
        }, cancellationToken);
        return result.Succeeded ? OperationResult<StatusUndo>.Ok(new StatusUndo(status, before)) : new(false, null, result.Errors);
    }

    /// <summary>
    /// Puts back what a status change replaced ("Resolved — Undo"), for the conversations still in the status it set: a
    /// conversation someone (or a customer's new message) changed since keeps that newer state.
    /// </summary>
    public async Task<OperationResult> UndoStatusAsync(StatusUndo undo, CancellationToken cancellationToken = default)
    {
        var before = undo.Before.ToDictionary(b => b.ConversationId);
        var restored = 0;
        var result = await UpdateAsync(before.Keys, c =>
        {
            if (c.Status != undo.Status) return false;
            var was = before[c.Id];
            (c.Status, c.SnoozedUntil, c.WaitingSince) = (was.Status, was.SnoozedUntil, was.WaitingSince);
            restored++;
            return true;
        }, cancellationToken);
        if (!result.Succeeded) return result;
        return restored == 0 && before.Count > 0 ? OperationResult.Fail("Nothing to undo: these conversations changed since.") : OperationResult.Ok;
    }

    public Task<OperationResult> SetPriorityAsync(int conversationId, ConversationPriority priority, CancellationToken cancellationToken = default) =>
        UpdateAsync([conversationId], c =>
        {
            c.Priority = priority;
            return true;
        }, cancellationToken);

    /// <summary>Assigns to a staff member, or unassigns with null.</summary>
    /// <param name="actingUserId">Who assigns: the assignee is notified unless they assigned it to themselves.</param>
    public Task<OperationResult> AssignAsync(int conversationId, string? assigneeId, string? actingUserId = null, CancellationToken cancellationToken = default) =>
        AssignAsync([conversationId], assigneeId, actingUserId, cancellationToken);

    /// <summary>Assigns one or several conversations (the inbox's bulk actions); the assignee is notified of each newly theirs.</summary>
    public async Task<OperationResult> AssignAsync(
        IReadOnlyCollection<int> conversationIds, string? assigneeId, string? actingUserId = null, CancellationToken cancellationToken = default)
    {
        if (assigneeId is not null && !(await ListAgentsAsync(cancellationToken)).Any(a => a.Id == assigneeId))
            return OperationResult.Fail("Conversations can only be assigned to agents and admins.");
        var newlyTheirs = new List<int>();
        var result = await UpdateAsync(conversationIds, c =>
        {
            if (c.AssigneeId == assigneeId) return false;
            c.AssigneeId = assigneeId;
            newlyTheirs.Add(c.Id);
            return true;
        }, cancellationToken);
        if (result.Succeeded && assigneeId is not null)
            foreach (var id in newlyTheirs) await notifications.AssignedAsync(id, assigneeId, actingUserId, cancellationToken);
        return result;
    }

    public Task<OperationResult> AddLabelAsync(int conversationId, string label, CancellationToken cancellationToken = default) =>
        AddLabelAsync([conversationId], label, cancellationToken);

    /// <summary>Adds a label to one or several conversations; the label is made on first use.</summary>
    public async Task<OperationResult> AddLabelAsync(IReadOnlyCollection<int> conversationIds, string label, CancellationToken cancellationToken = default)
    {
        if (LabelRules.Normalize(label) is not { } name) return OperationResult.Fail(LabelRules.Error);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.Labels.SingleOrDefaultAsync(l => l.Name == name, cancellationToken) ?? new Label { Name = name };
        return await UpdateAsync(db, conversationIds, c =>
        {
            if (c.Labels.Any(l => l.Name == name)) return false;
            c.Labels.Add(existing);
            return true;
        }, cancellationToken);
    }

    public async Task<OperationResult> RemoveLabelAsync(int conversationId, string label, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await UpdateAsync(db, [conversationId], c => c.Labels.RemoveAll(l => l.Name == label) > 0, cancellationToken);
    }

    public async Task<IReadOnlyList<AgentOption>> ListAgentsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await Outgoing.StaffAsync(db, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ListLabelsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Labels.OrderBy(l => l.Name).Select(l => l.Name).ToListAsync(cancellationToken);
    }

    /// <summary>A staff member is typing in this conversation: shown to other staff for a few seconds, and to the customer unless it is a private note.</summary>
    public void Typing(int conversationId, string userId, string agentName, bool privateNote) =>
        notifier.Publish(new LiveEvent(LiveEventKind.Typing, conversationId, TypingSide.Agent, agentName, userId, privateNote));

    /// <summary>The most conversations one bulk action changes.</summary>
    public const int MaxBulk = 500;

    private async Task<OperationResult> UpdateAsync(IReadOnlyCollection<int> conversationIds, Func<Conversation, bool> change, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await UpdateAsync(db, conversationIds, change, cancellationToken);
    }

    /// <summary>
    /// Changes conversations through the change tracker, in one save, so the audit fields and the analytics journal see
    /// every change. <paramref name="change"/> says whether it changed the conversation; only those are announced.
    /// </summary>
    private async Task<OperationResult> UpdateAsync(
        CommHubDbContext db, IReadOnlyCollection<int> conversationIds, Func<Conversation, bool> change, CancellationToken cancellationToken)
    {
        if (conversationIds.Count > MaxBulk) return OperationResult.Fail($"Choose at most {MaxBulk} conversations at once.");
        var conversations = await db.Conversations.Include(c => c.Labels).Where(c => conversationIds.Contains(c.Id)).ToListAsync(cancellationToken);
        if (conversations.Count == 0)
            return OperationResult.Fail(conversationIds.Count == 1 ? ConversationGone : "These conversations no longer exist.");
        var changed = conversations.Where(change).Select(c => c.Id).ToList();
        await db.SaveChangesAsync(cancellationToken);
        foreach (var id in changed) notifier.Publish(new LiveEvent(LiveEventKind.ConversationUpdated, id));
        return OperationResult.Ok;
    }
}
