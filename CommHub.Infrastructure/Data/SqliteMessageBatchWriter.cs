using CommHub.Core.Common;
using CommHub.Core.Conversations;
using CommHub.Core.Data;
using CommHub.Core.Ingest;
using Microsoft.EntityFrameworkCore;

namespace CommHub.Infrastructure.Data;

/// <summary>
/// Ingest's writes on SQLite. SQLite runs in the process and writes a row in microseconds, while SaveChanges spends
/// several times that on each row building and running a command of its own (its SQLite provider does not batch), and
/// change tracking as much again. So a batch's rows — the contacts, conversations and labels it made, the activity of
/// the conversations it joins, its messages and their files — are written through statements prepared once and reused
/// (<see cref="SqliteRows"/>), principals first. SaveChanges saves what is left: a sender's new name or handle. All in
/// the caller's transaction.
/// </summary>
public sealed class SqliteMessageBatchWriter(AuditFieldsInterceptor audit) : IMessageBatchWriter
{
    private static readonly IReadOnlyList<string> ActivityColumns = [.. Conversation.ActivityProperties, nameof(Conversation.UpdatedAt)];

    public async Task SaveAsync(CommHubDbContext db, IReadOnlyList<Conversation> active, IReadOnlyList<Message> messages, CancellationToken cancellationToken)
    {
        using var rows = new SqliteRows(db);
        // First what the batch made (contacts, conversations, labels, links): its messages point at them.
        var added = db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added).ToList();
        foreach (var entry in added) if (entry.Entity is IAuditable entity) audit.StampNew(entity);
        rows.InsertAdded(added, cancellationToken);
        // What is left: a sender's new name or handle (and anything SqliteRows does not write).
        if (db.ChangeTracker.HasChanges()) await db.SaveChangesAsync(cancellationToken);
        foreach (var conversation in active) audit.StampModified(conversation);
        rows.Update(active, ActivityColumns, cancellationToken);
        foreach (var message in messages) audit.StampNew(message);
        rows.Insert(messages, cancellationToken);

        var files = messages.SelectMany(m => m.Attachments.Select(file => (Message: m, File: file))).ToList();
        foreach (var (message, file) in files)
        {
            file.MessageId = message.Id;
            audit.StampNew(file);
        }
        rows.Insert(files.Select(f => f.File).ToList(), cancellationToken);
    }
}
