using CommHub.Core.Conversations;
using CommHub.Core.Data;

namespace CommHub.Core.Ingest;

/// <summary>
/// How ingest writes a batch: the context's tracked changes (new contacts and conversations, labels), the activity of the
/// batch's existing conversations (<see cref="Conversation.ActivityProperties"/>; read without tracking, as most of a busy
/// channel's batch joins conversations that exist), then the batch's new messages with their attachments. The messages are
/// not tracked either; they point at their conversation (and a new sender) by navigation, and get their ids here.
/// </summary>
public interface IMessageBatchWriter
{
    Task SaveAsync(CommHubDbContext db, IReadOnlyList<Conversation> active, IReadOnlyList<Message> messages, CancellationToken cancellationToken);
}

/// <summary>SaveChanges for everything: right for SQL Server, whose provider batches the rows into few round trips.</summary>
public sealed class ChangeTrackingMessageBatchWriter : IMessageBatchWriter
{
    public async Task SaveAsync(CommHubDbContext db, IReadOnlyList<Conversation> active, IReadOnlyList<Message> messages, CancellationToken cancellationToken)
    {
        foreach (var conversation in active)
        {
            var entry = IngestService.Tracked(db, conversation);
            foreach (var property in Conversation.ActivityProperties) entry.Property(property).IsModified = true;
        }
        db.Messages.AddRange(messages);
        await db.SaveChangesAsync(cancellationToken);
    }
}
