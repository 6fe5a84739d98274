using CommHub.Core.Contacts;
using CommHub.Core.Conversations;
using CommHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CommHub.Core.Ingest;

/// <summary>
/// Which conversation a message joins: the one the channel names by our id, its thread's open one, the one a message it
/// answers is in (email references), or the sender's with the same subject; otherwise a new one, titled here.
/// </summary>
internal static class IngestThreads
{
    /// <summary>The conversation the message joins, or null for a new one.</summary>
    /// <param name="threads">The open conversation of each thread key (<see cref="OpenByKeyAsync"/>), with those the batch made.</param>
    /// <param name="read">The batch's conversations by id, so one found twice is one instance.</param>
    public static async Task<Conversation?> FindAsync(
        CommHubDbContext db, InboundMessage inbound, Contact owner, Dictionary<string, Conversation> threads, Dictionary<int, Conversation> read,
        CancellationToken cancellationToken) =>
        OneInstance(read, await KnownAsync(db, inbound, cancellationToken))
        ?? threads.GetValueOrDefault(inbound.ThreadKey)
        ?? OneInstance(read, await FindByReferencesAsync(db, inbound, cancellationToken))
        ?? OneInstance(read, await FindBySubjectAsync(db, inbound, owner, cancellationToken));

    /// <summary>The batch's instance of a conversation found again (two messages of a batch in one conversation change one instance).</summary>
    private static Conversation? OneInstance(Dictionary<int, Conversation> read, Conversation? found) =>
        found is null ? null : read.TryGetValue(found.Id, out var same) ? same : read[found.Id] = found;

    /// <summary>The open conversation of each thread in the batch; a closed one starts afresh.</summary>
    public static async Task<Dictionary<string, Conversation>> OpenByKeyAsync(CommHubDbContext db, IReadOnlyList<InboundMessage> batch, CancellationToken cancellationToken)
    {
        var channelId = batch[0].ChannelId;
        var keys = batch.Select(m => m.ThreadKey).Distinct().ToList();
        var open = await db.Conversations.AsNoTracking()
            .Where(c => c.ChannelId == channelId && keys.Contains(c.ExternalThreadKey!) && c.Status != ConversationStatus.Closed)
            .ToListAsync(cancellationToken);
        return open.GroupBy(c => c.ExternalThreadKey!).ToDictionary(g => g.Key, g => g.OrderByDescending(c => c.LastActivityAt).First());
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
        // Both ways: a mail dated long before the conversation's last activity (sent late, or back-dated) does not join it either.
        var (since, until) = (inbound.SentAt - window, inbound.SentAt + window);
        var candidates = await db.Conversations.AsNoTracking()
            .Where(c => c.ChannelId == inbound.ChannelId && c.ContactId == contact.Id && c.Status != ConversationStatus.Closed
                && c.LastActivityAt >= since && c.LastActivityAt <= until)
            .OrderByDescending(c => c.LastActivityAt)
            .Take(50)
            .ToListAsync(cancellationToken);
        return candidates.FirstOrDefault(c => SubjectKey.Of(c.Subject) == key);
    }

    /// <summary>A subject, topic or group name as long as a subject may be; a title made from the text, one line of it.</summary>
    public static string Title(InboundMessage inbound)
    {
        var given = !string.IsNullOrWhiteSpace(inbound.ThreadTitle);
        var title = given ? inbound.ThreadTitle!.Trim() : inbound.Text.Trim();
        if (title.Length == 0) title = $"Message from {inbound.Sender.Name}";
        title = string.Join(' ', title.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var max = given ? MessageRules.MaxSubjectLength : 80;
        return title.Length <= max ? title : title[..(max - 1)] + "…";
    }
}
