using System.Data;
using CommHub.Core.Attachments;
using CommHub.Core.Contacts;
using CommHub.Core.Conversations;
using CommHub.Core.Data;
using CommHub.Core.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace CommHub.Core.Ingest;

/// <summary>
/// Stores a message that arrived on any channel: recognises a redelivery by (channel, external id) —
/// the database's unique index decides when two deliveries race —, finds or creates the contact by
/// their channel identity and the conversation by its thread, and saves the message in one transaction.
/// </summary>
public sealed class IngestService(
    IDbContextFactory<CommHubDbContext> dbFactory,
    AttachmentService attachments,
    ConversationNotifier notifier,
    RuleEngine rules,
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
        foreach (var inbound in fresh) files.Add(await StageFilesAsync(inbound, cancellationToken));
        IReadOnlyList<IngestResult> stored;
        try
        {
            stored = await StoreAsync(fresh, files, cancellationToken);
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
        notifier.Publish(new LiveEvent(LiveEventKind.MessageAdded, message.ConversationId));
        return true;
    }

    private async Task<IReadOnlyList<IngestResult>> StoreAsync(
        IReadOnlyList<InboundMessage> batch, IReadOnlyList<(IReadOnlyList<StagedFile> Staged, IReadOnlyList<InboundFile> Unavailable)> files,
        CancellationToken cancellationToken)
    {
        if (batch.Count == 0) return [];
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Serializable: messages racing from one new sender or thread make one contact, conversation and label between them.
        var stored = await db.InTransactionAsync(IsolationLevel.Serializable, token => WriteAsync(db, batch, files, token), cancellationToken);

        foreach (var (_, message, _, _) in stored) attachments.EnqueueProcessing(message);
        // A conversation made by this batch is new for its first message only.
        var seen = new HashSet<Conversation>();
        return stored.Select(s => new IngestResult(IngestOutcome.Stored, s.Conversation.Id, s.Message.Id, s.IsNew && seen.Add(s.Conversation), s.Reopened)).ToList();
    }

    /// <summary>The batch's rows, in the caller's transaction; everything is built here, so a retried attempt starts afresh.</summary>
    private async Task<List<(Conversation Conversation, Message Message, bool IsNew, bool Reopened)>> WriteAsync(
        CommHubDbContext db, IReadOnlyList<InboundMessage> batch,
        IReadOnlyList<(IReadOnlyList<StagedFile> Staged, IReadOnlyList<InboundFile> Unavailable)> files, CancellationToken cancellationToken)
    {
        var contacts = await ContactsAsync(db, batch.SelectMany(m => m.Chat is null ? [m.Sender] : new[] { m.Sender, m.Chat }), cancellationToken);
        var threads = await ThreadsAsync(db, batch, cancellationToken);
        var labels = await LabelsAsync(db, batch, cancellationToken);
        var answered = await AnsweredAsync(db, batch, cancellationToken);

        var stored = new List<(Conversation Conversation, Message Message, bool IsNew, bool Reopened)>();
        var activity = new ConversationActivity();
        var tagged = new List<(Conversation Conversation, IReadOnlyList<string> Names)>();
        // Conversations are read without tracking, one instance each however they are found.
        var read = threads.Values.ToDictionary(c => c.Id);
        for (var i = 0; i < batch.Count; i++)
        {
            var inbound = batch[i];
            var sender = Contact(db, contacts, inbound.Sender);
            var owner = inbound.Chat is null ? sender : Contact(db, contacts, inbound.Chat);
            var conversation = Same(read, await KnownAsync(db, inbound, cancellationToken))
                ?? threads.GetValueOrDefault(inbound.ThreadKey)
                ?? Same(read, await FindByReferencesAsync(db, inbound, cancellationToken))
                ?? Same(read, await FindBySubjectAsync(db, inbound, owner, cancellationToken));
            var isNew = conversation is null;
            if (conversation is null)
            {
                conversation = new Conversation
                {
                    ChannelId = inbound.ChannelId,
                    // A known contact is not tracked: it is referred to by its id; a new one is saved with the conversation.
                    ContactId = owner.Id,
                    Contact = owner.Id == 0 ? owner : null,
                    Subject = Title(inbound),
                    Status = ConversationStatus.New,
                    ExternalThreadKey = inbound.ThreadKey,
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
            if (inbound.StaffName is not null) activity.Outbound(conversation, message);
            else activity.Inbound(conversation, message);
            stored.Add((conversation, message, isNew, false));
        }
        await AddLabelsAsync(db, tagged, labels, cancellationToken);
        db.Messages.AddRange(stored.Select(s => s.Message));
        await db.SaveChangesAsync(cancellationToken);
        var reopened = new HashSet<int>(await activity.WriteAsync(db, clock.GetUtcNow().UtcDateTime, cancellationToken));
        // The conversation's first customer message in the batch is the one that reopened it.
        for (var i = 0; i < stored.Count; i++)
        {
            if (batch[i].StaffName is null && reopened.Remove(stored[i].Conversation.Id)) stored[i] = stored[i] with { Reopened = true };
        }
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
            EmailCc = inbound.Cc is { Length: > 0 } cc ? cc[..Math.Min(cc.Length, 2000)] : null,
            DeliveryStatus = DeliveryStatus.Sent,
            CreatedAt = inbound.SentAt,
        };
        AttachmentService.AddTo(message, staged);
        foreach (var file in unavailable)
        {
            // The message is kept, and says what could not be brought in.
            message.Attachments.Add(new Attachment
            {
                FileName = file.FileName,
                Size = file.Size ?? 0,
                State = AttachmentState.Unavailable,
                Error = file.Unavailable,
                CreatedAt = inbound.SentAt,
            });
        }
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

    private static string IdentityValue(InboundSender sender) =>
        sender.Kind == IdentityKind.Email ? sender.Value.Trim().ToLowerInvariant() : sender.Value;

    /// <summary>The identities of the batch's senders (and chats) that are already known, with their contacts.</summary>
    private static async Task<Dictionary<(IdentityKind, string), ContactIdentity>> ContactsAsync(
        CommHubDbContext db, IEnumerable<InboundSender> senders, CancellationToken cancellationToken)
    {
        var found = new Dictionary<(IdentityKind, string), ContactIdentity>();
        var contacts = new Dictionary<int, Contact>();
        foreach (var kind in senders.GroupBy(s => s.Kind))
        {
            var values = kind.Select(IdentityValue).Distinct().ToList();
            // Untracked: most senders are known and unchanged, and tracking them would cost every save. A change tracks them.
            var identities = await db.ContactIdentities.AsNoTracking().Include(i => i.Contact)
                .Where(i => i.Kind == kind.Key && values.Contains(i.Value)).ToListAsync(cancellationToken);
            // One instance per contact (one with two addresses may write twice in a batch), as a tracking query would give.
            foreach (var identity in identities)
            {
                identity.Contact = contacts.TryGetValue(identity.ContactId, out var same) ? same : contacts[identity.ContactId] = identity.Contact!;
                found[(identity.Kind, identity.Value)] = identity;
            }
        }
        return found;
    }

    private static Contact Contact(CommHubDbContext db, Dictionary<(IdentityKind, string), ContactIdentity> known, InboundSender sender)
    {
        var value = IdentityValue(sender);
        if (known.TryGetValue((sender.Kind, value), out var identity))
        {
            // Names and handles change (a Telegram user renames themselves): keep them current.
            if (!string.IsNullOrWhiteSpace(sender.Name) && identity.Contact!.Name != sender.Name) Tracked(db, identity.Contact).Property(c => c.Name).CurrentValue = sender.Name;
            if (sender.Handle is not null && identity.DisplayHandle != sender.Handle) Tracked(db, identity).Property(i => i.DisplayHandle).CurrentValue = sender.Handle;
            return identity.Contact!;
        }
        var contact = new Contact { Name = string.IsNullOrWhiteSpace(sender.Name) ? value : sender.Name, Email = sender.Email };
        identity = new ContactIdentity { Kind = sender.Kind, Value = value, DisplayHandle = sender.Handle, Contact = contact };
        contact.Identities.Add(identity);
        db.Contacts.Add(contact);
        known[(sender.Kind, value)] = identity;
        return contact;
    }

    /// <summary>The batch's instance of a conversation found again (two messages of a batch in one conversation change one instance).</summary>
    private static Conversation? Same(Dictionary<int, Conversation> read, Conversation? found) =>
        found is null ? null : read.TryGetValue(found.Id, out var same) ? same : read[found.Id] = found;

    /// <summary>An entity read without tracking, tracked from now on (alone, not its graph) so that a change to it is saved.</summary>
    private static EntityEntry<T> Tracked<T>(CommHubDbContext db, T entity) where T : class
    {
        var entry = db.Entry(entity);
        if (entry.State == EntityState.Detached) entry.State = EntityState.Unchanged;
        return entry;
    }

    /// <summary>The open conversation of each thread in the batch; a closed one starts afresh.</summary>
    private static async Task<Dictionary<string, Conversation>> ThreadsAsync(CommHubDbContext db, IReadOnlyList<InboundMessage> batch, CancellationToken cancellationToken)
    {
        var channelId = batch[0].ChannelId;
        var keys = batch.Select(m => m.ThreadKey).Distinct().ToList();
        var open = await db.Conversations.AsNoTracking()
            .Where(c => c.ChannelId == channelId && keys.Contains(c.ExternalThreadKey!) && c.Status != ConversationStatus.Closed)
            .ToListAsync(cancellationToken);
        return open.GroupBy(c => c.ExternalThreadKey!).ToDictionary(g => g.Key, g => g.OrderByDescending(c => c.LastActivityAt).First());
    }

    /// <summary>
    /// Hashtags become labels. Conversations are read without their labels (most already have the batch's), so the links
    /// they already have are found in one query, and only the missing ones are added.
    /// </summary>
    private static async Task AddLabelsAsync(
        CommHubDbContext db, IReadOnlyList<(Conversation Conversation, IReadOnlyList<string> Names)> tagged, Dictionary<string, Label> labels,
        CancellationToken cancellationToken)
    {
        var ids = tagged.Select(t => t.Conversation.Id).Where(id => id != 0).Distinct().ToList();
        var names = tagged.SelectMany(t => t.Names).Distinct().ToList();
        var linked = ids.Count == 0 || names.Count == 0 ? [] : (await db.Conversations.Where(c => ids.Contains(c.Id))
            .SelectMany(c => c.Labels, (c, l) => new { c.Id, l.Name }).Where(link => names.Contains(link.Name))
            .ToListAsync(cancellationToken)).Select(link => (link.Id, link.Name)).ToHashSet();
        foreach (var (conversation, wanted) in tagged)
        {
            foreach (var name in wanted)
            {
                if (linked.Contains((conversation.Id, name)) || conversation.Labels.Any(l => l.Name == name)) continue;
                // An existing conversation is read without tracking: tracked from here, so the new link is saved.
                if (conversation.Id != 0) Tracked(db, conversation);
                conversation.Labels.Add(labels.TryGetValue(name, out var label) ? label : labels[name] = new Label { Name = name });
            }
        }
    }

    /// <summary>The conversation the channel named by our id (a portal reply).</summary>
    private static async Task<Conversation?> KnownAsync(CommHubDbContext db, InboundMessage inbound, CancellationToken cancellationToken) =>
        inbound.ConversationId is not { } id ? null
            : await db.Conversations.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id && c.ChannelId == inbound.ChannelId, cancellationToken);

    /// <summary>The open conversation of a message this one answers (email threading across thread ids).</summary>
    private static async Task<Conversation?> FindByReferencesAsync(CommHubDbContext db, InboundMessage inbound, CancellationToken cancellationToken)
    {
        if (inbound.References is not { Count: > 0 } references) return null;
        return await db.Conversations.AsNoTracking()
            .Where(c => c.ChannelId == inbound.ChannelId && c.Status != ConversationStatus.Closed
                && c.Messages.Any(m => m.InternetMessageId != null && references.Contains(m.InternetMessageId)))
            .OrderByDescending(c => c.LastActivityAt)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// When the channel asks for it, the same contact's open conversation with the same normalised subject within the
    /// window. Only that contact's: two people who both write "Invoice" stay apart.
    /// </summary>
    private static async Task<Conversation?> FindBySubjectAsync(CommHubDbContext db, InboundMessage inbound, Contact contact, CancellationToken cancellationToken)
    {
        if (inbound.SubjectWindow is not { } window || contact.Id == 0 || SubjectKey.Of(inbound.ThreadTitle) is not { } key) return null;
        var since = inbound.SentAt - window;
        var candidates = await db.Conversations.AsNoTracking()
            .Where(c => c.ChannelId == inbound.ChannelId && c.ContactId == contact.Id && c.Status != ConversationStatus.Closed && c.LastActivityAt >= since)
            .OrderByDescending(c => c.LastActivityAt)
            .Take(50)
            .ToListAsync(cancellationToken);
        return candidates.FirstOrDefault(c => SubjectKey.Of(c.Subject) == key);
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

    private static async Task<Dictionary<string, Label>> LabelsAsync(CommHubDbContext db, IReadOnlyList<InboundMessage> batch, CancellationToken cancellationToken)
    {
        var names = batch.SelectMany(m => m.Labels ?? []).Select(LabelRules.Normalize).OfType<string>().Distinct().ToList();
        if (names.Count == 0) return [];
        return await db.Labels.Where(l => names.Contains(l.Name)).ToDictionaryAsync(l => l.Name, cancellationToken);
    }

    private async Task<(IReadOnlyList<StagedFile> Staged, IReadOnlyList<InboundFile> Unavailable)> StageFilesAsync(
        InboundMessage inbound, CancellationToken cancellationToken)
    {
        var staged = new List<StagedFile>(inbound.StagedFiles ?? []);
        var unavailable = new List<InboundFile>();
        foreach (var file in inbound.Files ?? [])
        {
            if (file.Open is null)
            {
                unavailable.Add(file);
                continue;
            }
            Stream content;
            try
            {
                content = await file.Open(cancellationToken);
            }
            catch (InboundFileUnavailableException ex)
            {
                unavailable.Add(file with { Unavailable = ex.Message });
                continue;
            }
            await using var _ = content;
            var result = await attachments.StageAsync(content, file.FileName, file.Size ?? 0, cancellationToken);
            if (result.Succeeded) staged.Add(result.Value!);
            else unavailable.Add(file with { Unavailable = result.ErrorText });
        }
        return (staged, unavailable);
    }

    /// <summary>A subject, topic or group name as long as a subject may be; a title made from the text, one line of it.</summary>
    private static string Title(InboundMessage inbound)
    {
        var given = !string.IsNullOrWhiteSpace(inbound.ThreadTitle);
        var title = given ? inbound.ThreadTitle!.Trim() : inbound.Text.Trim();
        if (title.Length == 0) title = $"Message from {inbound.Sender.Name}";
        title = string.Join(' ', title.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var max = given ? MessageRules.MaxSubjectLength : 80;
        return title.Length <= max ? title : title[..(max - 1)] + "…";
    }
}
