using System.Data;
using CommHub.Core.Attachments;
using CommHub.Core.Contacts;
using CommHub.Core.Conversations;
using CommHub.Core.Data;
using CommHub.Core.Rules;
using Microsoft.EntityFrameworkCore;

namespace CommHub.Core.Ingest;

/// <summary>
/// Stores a message that arrived on any channel (Telegram, Gmail, the portal): recognises a redelivery by (channel,
/// external id) — the database's unique index decides when two deliveries race —, finds or creates the contact
/// (<see cref="IngestContacts"/>) and the conversation (<see cref="IngestThreads"/>), brings in the files
/// (<see cref="IngestFiles"/>) and labels (<see cref="IngestLabels"/>), and saves the messages and their conversations'
/// activity in one transaction; then runs the rules and tells live views.
/// </summary>
public sealed class IngestService(
    IDbContextFactory<CommHubDbContext> dbFactory,
    AttachmentService attachments,
    ConversationNotifier notifier,
    RuleEngine rules,
    Notifications.NotificationService notifications,
    TimeProvider clock)
{
    public async Task<IngestResult> IngestAsync(InboundMessage inbound, CancellationToken cancellationToken = default) =>
        (await IngestBatchAsync([inbound], cancellationToken))[0];

    /// <summary>
    /// Stores a batch from one channel (a Telegram getUpdates page) in one transaction, in order: one query finds the
    /// redeliveries, one the contacts, one the threads. A copy that races another delivery to the unique index sends the
    /// batch back through one message at a time, where the loser of each race is recognised as a duplicate.
    /// </summary>
    /// <returns>One result per message, in the order given.</returns>
    public async Task<IReadOnlyList<IngestResult>> IngestBatchAsync(IReadOnlyList<InboundMessage> batch, CancellationToken cancellationToken = default)
    {
        if (batch.Count == 0) return [];
        if (batch.Select(m => m.ChannelId).Distinct().Count() > 1) throw new ArgumentException("A batch comes from one channel.", nameof(batch));
        batch = batch.Select(InboundLimits.Fit).ToList();

        var known = await FindExistingAsync(batch[0].ChannelId, batch.Select(m => m.ExternalId).Distinct().ToList(), cancellationToken);
        // The same message twice in one batch is stored once, like any redelivery.
        var fresh = batch.Where(m => !known.ContainsKey(m.ExternalId)).DistinctBy(m => m.ExternalId).ToList();

        // Files are fetched and checked before the transaction, which then only writes rows.
        var files = new List<(IReadOnlyList<StagedFile> Staged, IReadOnlyList<InboundFile> Unavailable)>();
        foreach (var inbound in fresh) files.Add(await IngestFiles.StageAsync(attachments, inbound, cancellationToken));
        IReadOnlyList<IngestResult> stored;
        IReadOnlySet<int> assigned;
        try
        {
            (stored, assigned) = await StoreAsync(fresh, files, cancellationToken);
        }
        catch (DbUpdateException)
        {
            foreach (var file in files.SelectMany(f => f.Staged)) await attachments.DiscardAsync(file, CancellationToken.None);
            if (batch.Count > 1) return await OneByOneAsync(batch, cancellationToken);
            // Another delivery of the same message won the race to the unique index: drop this copy.
            var raced = await FindExistingAsync(batch[0].ChannelId, [batch[0].ExternalId], cancellationToken);
            if (raced.Count == 0) throw;
            return [raced.Single().Value];
        }

        for (var i = 0; i < fresh.Count; i++)
        {
            var result = stored[i];
            known[fresh[i].ExternalId] = result;
            notifier.Publish(new LiveEvent(result.NewConversation ? LiveEventKind.ConversationCreated : LiveEventKind.MessageAdded, result.ConversationId));
        }
        // Rules see every stored customer message (not staff mail sent from another client); they skip auto-replies and
        // bounces themselves (no mail loops).
        var forRules = fresh.Select((m, i) => (m, r: stored[i])).Where(x => x.m.StaffName is null)
            .Select(x => new InboundEvent(x.r.ConversationId, x.r.MessageId, x.r.NewConversation, x.r.Reopened)).ToList();
        await rules.OnInboundAsync(forRules, cancellationToken);
        // The assignee of each conversation that got a customer's message hears of it. Only conversations that had one when
        // stored are looked up (most batches have none: no query); a new conversation a rule just assigned says so itself.
        await notifications.CustomerWroteAsync(forRules.Where(r => assigned.Contains(r.ConversationId)).Select(r => (r.ConversationId, r.MessageId)).ToList(), cancellationToken);
        // A message given twice is a duplicate the second time, even within one batch.
        var first = new HashSet<InboundMessage>(fresh, ReferenceEqualityComparer.Instance);
        return batch.Select(m => first.Remove(m) ? known[m.ExternalId] : known[m.ExternalId] with { Outcome = IngestOutcome.Duplicate, NewConversation = false, Reopened = false }).ToList();
    }

    private async Task<IReadOnlyList<IngestResult>> OneByOneAsync(IReadOnlyList<InboundMessage> batch, CancellationToken cancellationToken)
    {
        var results = new List<IngestResult>();
        foreach (var inbound in batch) results.Add(await IngestAsync(inbound, cancellationToken));
        return results;
    }

    /// <summary>
    /// A system line (a member joined or left, a topic was closed or reopened) in its thread's open conversation: from no one,
    /// never unread, never a rule's trigger or a notification, no activity and no analytics. Nothing starts a conversation
    /// for one.
    /// </summary>
    /// <returns>False when the thread has no open conversation (the line is not stored); true when it is stored, or was.</returns>
    public async Task<bool> AddSystemLineAsync(InboundMessage inbound, CancellationToken cancellationToken = default)
    {
        inbound = InboundLimits.Fit(inbound);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if ((await FindExistingAsync(inbound.ChannelId, [inbound.ExternalId], cancellationToken)).Count > 0) return true;
        if ((await IngestThreads.OpenByKeyAsync(db, [inbound], cancellationToken)).GetValueOrDefault(inbound.ThreadKey) is not { } conversation) return false;
        db.Messages.Add(new Message
        {
            ConversationId = conversation.Id,
            ChannelId = inbound.ChannelId,
            ExternalId = inbound.ExternalId,
            Direction = MessageDirection.Inbound,
            SenderKind = SenderKind.System,
            SenderName = inbound.Sender.Name,
            Text = inbound.Text,
            // Never unread: marking read, retention's unread counts and the ticks pass it by.
            DeliveryStatus = DeliveryStatus.Read,
            ReadAt = inbound.SentAt,
            CreatedAt = inbound.SentAt,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another delivery of the same update stored it first.
            if ((await FindExistingAsync(inbound.ChannelId, [inbound.ExternalId], cancellationToken)).Count > 0) return true;
            throw;
        }
        notifier.Publish(new LiveEvent(LiveEventKind.MessageAdded, conversation.Id));
        return true;
    }

    /// <summary>An edit of a message already stored (Telegram edited_message): new text, marked edited.</summary>
    public async Task<bool> ApplyEditAsync(
        int channelId, string externalId, string text, DateTime editedAt, string? sanitizedHtml = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var message = await db.Messages.SingleOrDefaultAsync(m => m.ChannelId == channelId && m.ExternalId == externalId, cancellationToken);
        if (message is null) return false;
        message.Text = text;
        message.SanitizedHtml = sanitizedHtml;
        message.EditedAt = editedAt;
        await db.SaveChangesAsync(cancellationToken);
        notifier.Publish(new LiveEvent(LiveEventKind.MessageChanged, message.ConversationId));
        return true;
    }

    /// <returns>The results, and the conversations (stored before this batch) that have an assignee.</returns>
    private async Task<(IReadOnlyList<IngestResult> Results, IReadOnlySet<int> Assigned)> StoreAsync(
        IReadOnlyList<InboundMessage> batch, IReadOnlyList<(IReadOnlyList<StagedFile> Staged, IReadOnlyList<InboundFile> Unavailable)> files,
        CancellationToken cancellationToken)
    {
        if (batch.Count == 0) return ([], new HashSet<int>());
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Serializable: messages racing from one new sender or thread make one contact, conversation and label between them.
        var stored = await db.InTransactionAsync(IsolationLevel.Serializable, token => WriteAsync(db, batch, files, token), cancellationToken);

        foreach (var (_, message, _, _) in stored) attachments.EnqueueProcessing(message);
        // A conversation made by this batch is new for its first message only.
        var seen = new HashSet<Conversation>();
        var results = stored.Select(s => new IngestResult(IngestOutcome.Stored, s.Conversation.Id, s.Message.Id, s.IsNew && seen.Add(s.Conversation), s.Reopened)).ToList();
        return (results, stored.Where(s => !s.IsNew && s.Conversation.AssigneeId is not null).Select(s => s.Conversation.Id).ToHashSet());
    }

    /// <summary>The batch's rows, in the caller's transaction; everything is built here, so a retried attempt starts afresh.</summary>
    private async Task<List<(Conversation Conversation, Message Message, bool IsNew, bool Reopened)>> WriteAsync(
        CommHubDbContext db, IReadOnlyList<InboundMessage> batch,
        IReadOnlyList<(IReadOnlyList<StagedFile> Staged, IReadOnlyList<InboundFile> Unavailable)> files, CancellationToken cancellationToken)
    {
        var contacts = await IngestContacts.FindAsync(db, batch.SelectMany(m => m.Chat is null ? [m.Sender] : new[] { m.Sender, m.Chat }), cancellationToken);
        var threads = await IngestThreads.OpenByKeyAsync(db, batch, cancellationToken);
        var labels = await IngestLabels.FindAsync(db, batch, cancellationToken);
        var answered = await AnsweredAsync(db, batch, cancellationToken);

        var stored = new List<(Conversation Conversation, Message Message, bool IsNew, bool Reopened)>();
        var activity = new ConversationActivity();
        var tagged = new List<(Conversation Conversation, IReadOnlyList<string> Names)>();
        // Conversations are read without tracking, one instance each however they are found.
        var read = threads.Values.ToDictionary(c => c.Id);
        for (var i = 0; i < batch.Count; i++)
        {
            var inbound = batch[i];
            var sender = IngestContacts.Resolve(db, contacts, inbound.Sender);
            var owner = inbound.Chat is null ? sender : IngestContacts.Resolve(db, contacts, inbound.Chat);
            var conversation = await IngestThreads.FindAsync(db, inbound, owner, threads, read, cancellationToken);
            var isNew = conversation is null;
            if (conversation is null)
            {
                conversation = new Conversation
                {
                    ChannelId = inbound.ChannelId,
                    // A known contact is not tracked: it is referred to by its id; a new one is saved with the conversation.
                    ContactId = owner.Id,
                    Contact = owner.Id == 0 ? owner : null,
                    Subject = IngestThreads.Title(inbound),
                    Status = ConversationStatus.New,
                    ExternalThreadKey = inbound.ThreadKey,
                    ProjectId = inbound.ProjectId,
                    CreatedAt = inbound.SentAt,
                };
                db.Conversations.Add(conversation);
            }
            // Later messages of the batch in this thread join this conversation.
            threads[inbound.ThreadKey] = conversation;
            var message = NewMessage(inbound, sender, files[i].Staged, files[i].Unavailable);
            // A reply to a message stored earlier points at it (one answered within the same batch is not linked).
            if (inbound.ReplyToExternalId is { } replyTo && answered.TryGetValue(replyTo, out var answeredId)) message.ReplyToMessageId = answeredId;
            // A stored conversation stays untracked (its activity is written by a set-based update); a new one is saved with its message.
            if (conversation.Id != 0) message.ConversationId = conversation.Id;
            else message.Conversation = conversation;
            if (inbound.Labels is { Count: > 0 } names) tagged.Add((conversation, names.Select(LabelRules.Normalize).OfType<string>().Distinct().ToList()));
            var reopens = false;
            if (inbound.StaffName is not null) activity.Outbound(conversation, message);
            else reopens = activity.Inbound(conversation, message);
            // Stored with the rules it is owed, so they run once even if the process stops before running them.
            if (RuleEngine.MayTrigger(message)) message.RulesDue = isNew ? RulesDue.NewConversation : reopens ? RulesDue.Reopened : RulesDue.InboundMessage;
            stored.Add((conversation, message, isNew, reopens));
        }
        await IngestLabels.AddAsync(db, tagged, labels, cancellationToken);
        db.Messages.AddRange(stored.Select(s => s.Message));
        await db.SaveChangesAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        await activity.WriteAsync(db, now, cancellationToken);
        // "Last message in" on /channels, for every channel kind: one statement per batch with a customer's message.
        if (batch.Any(m => m.StaffName is null))
            await db.Channels.Where(c => c.Id == batch[0].ChannelId).ExecuteUpdateAsync(s => s.SetProperty(c => c.LastInboundAt, now), cancellationToken);
        return stored;
    }

    private static Message NewMessage(InboundMessage inbound, Contact sender, IReadOnlyList<StagedFile> staged, IReadOnlyList<InboundFile> unavailable)
    {
        // Staff mail sent from another client: outbound, by that staff member; Sender is the customer it went to.
        var byStaff = inbound.StaffName is not null;
        var message = new Message
        {
            ChannelId = inbound.ChannelId,
            ExternalId = inbound.ExternalId,
            Direction = byStaff ? MessageDirection.Outbound : MessageDirection.Inbound,
            SenderKind = byStaff ? SenderKind.Agent : SenderKind.Contact,
            SenderName = inbound.StaffName ?? inbound.Sender.Name,
            SenderContactId = byStaff || sender.Id == 0 ? null : sender.Id,
            SenderContact = byStaff || sender.Id != 0 ? null : sender,
            Text = inbound.Text,
            SanitizedHtml = inbound.SanitizedHtml,
            InternetMessageId = inbound.InternetMessageId,
            IsAutoGenerated = inbound.IsAutoGenerated,
            Latitude = inbound.Latitude,
            Longitude = inbound.Longitude,
            LocationName = inbound.LocationName,
            LocationAccuracy = inbound.LocationAccuracy,
            LocationAt = inbound.LocationAt,
            CheckIn = inbound.CheckIn,
            EmailCc = inbound.Cc is { Length: > 0 } cc ? cc[..Math.Min(cc.Length, 2000)] : null,
            EmailReplyTo = inbound.Email?.ReplyTo,
            EmailReferences = inbound.Email is { } mail ? string.Join(' ', mail.References) : null,
            EmailSubject = inbound.Email?.Subject,
            DeliveryStatus = DeliveryStatus.Sent,
            CreatedAt = inbound.SentAt,
        };
        IngestFiles.AddTo(message, staged, unavailable);
        return message;
    }

    private async Task<Dictionary<string, IngestResult>> FindExistingAsync(int channelId, IReadOnlyList<string> externalIds, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.Messages.AsNoTracking()
            .Where(m => m.ChannelId == channelId && externalIds.Contains(m.ExternalId!))
            .Select(m => new { m.ExternalId, m.Id, m.ConversationId })
            .ToListAsync(cancellationToken);
        return existing.ToDictionary(m => m.ExternalId!, m => new IngestResult(IngestOutcome.Duplicate, m.ConversationId, m.Id, false, false));
    }

    /// <summary>The stored messages the batch's replies answer, by the channel's id.</summary>
    private static async Task<Dictionary<string, int>> AnsweredAsync(CommHubDbContext db, IReadOnlyList<InboundMessage> batch, CancellationToken cancellationToken)
    {
        var ids = batch.Select(m => m.ReplyToExternalId).OfType<string>().Distinct().ToList();
        if (ids.Count == 0) return [];
        var channelId = batch[0].ChannelId;
        return await db.Messages.Where(m => m.ChannelId == channelId && ids.Contains(m.ExternalId!))
            .ToDictionaryAsync(m => m.ExternalId!, m => m.Id, cancellationToken);
    }
}
