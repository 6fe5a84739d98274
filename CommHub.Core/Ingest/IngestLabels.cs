using CommHub.Core.Conversations;
using CommHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CommHub.Core.Ingest;

/// <summary>Hashtags in messages as labels on their conversations.</summary>
internal static class IngestLabels
{
    public static async Task<Dictionary<string, Label>> FindAsync(CommHubDbContext db, IReadOnlyList<InboundMessage> batch, CancellationToken cancellationToken)
    {
        var names = batch.SelectMany(m => m.Labels ?? []).Select(LabelRules.Normalize).OfType<string>().Distinct().ToList();
        if (names.Count == 0) return [];
        return await db.Labels.Where(l => names.Contains(l.Name)).ToDictionaryAsync(l => l.Name, cancellationToken);
    }

    /// <summary>
    /// Hashtags become labels. Conversations are read without their labels (most already have the batch's), so the links
    /// they already have are found in one query, and only the missing ones are added.
    /// </summary>
    public static async Task AddAsync(
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
                if (conversation.Id != 0) IngestContacts.StartTracking(db, conversation);
                conversation.Labels.Add(labels.TryGetValue(name, out var label) ? label : labels[name] = new Label { Name = name });
            }
        }
    }
}
