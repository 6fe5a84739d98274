using System.IO.Compression;
using System.Text.Json;
using CommHub.Core.Attachments;
using CommHub.Core.Audit;
using CommHub.Core.Conversations;
using CommHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CommHub.Core.Contacts;

/// <summary>
/// A contact's data as a ZIP (GDPR articles 15 and 20): <c>contact.json</c> with the contact, their identities, their
/// conversations and messages, and <c>files/</c> with the files they sent. In a group conversation only their own
/// messages are in it; staff's private notes are not (they are staff's, and may name other people).
/// </summary>
public sealed class ContactExport(IDbContextFactory<CommHubDbContext> dbFactory, IBlobStore blobs, AuditLog audit, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public async Task<string?> NameAsync(int contactId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Contacts.Where(c => c.Id == contactId).Select(c => c.Name).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>Writes the ZIP to <paramref name="output"/> as it is made (nothing held in memory but one file at a time).</summary>
    public async Task<bool> WriteAsync(int contactId, Stream output, string? actingUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var contact = await db.Contacts.AsNoTracking().Include(c => c.Identities).SingleOrDefaultAsync(c => c.Id == contactId, cancellationToken);
        if (contact is null) return false;
        var messages = await Messages(db, contactId).OrderBy(m => m.ConversationId).ThenBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .Include(m => m.Attachments).AsNoTracking().ToListAsync(cancellationToken);
        var conversationIds = messages.Select(m => m.ConversationId).Distinct().ToList();
        var conversations = await db.Conversations.AsNoTracking()
            .Where(c => c.ContactId == contactId || conversationIds.Contains(c.Id))
            .Select(c => new { c.Id, c.Subject, c.Status, Channel = c.Channel!.Name, Kind = c.Channel.Kind, c.CreatedAt, Own = c.ContactId == contactId })
            .ToListAsync(cancellationToken);
        var files = messages.Where(m => m.Direction == MessageDirection.Inbound).SelectMany(m => m.Attachments).ToList();

        await audit.RecordAsync(actingUserId, AuditActions.ContactExported, nameof(Contact), contactId,
            $"conversations={conversations.Count}, messages={messages.Count}, files={files.Count}", cancellationToken);

        var document = new
        {
            exportedAt = clock.GetUtcNow().UtcDateTime,
            contact = new { contact.Id, contact.Name, contact.Email, contact.Phone, contact.Notes, contact.CreatedAt },
            identities = contact.Identities.Select(i => new { kind = i.Kind.ToString(), i.Value, i.DisplayHandle }),
            conversations = conversations.Select(c => new
            {
                c.Id, c.Subject, status = c.Status.ToString(), c.Channel, channelKind = c.Kind.ToString(), c.CreatedAt,
                groupConversation = !c.Own,
                messages = messages.Where(m => m.ConversationId == c.Id).Select(m => new
                {
                    m.Id, direction = m.Direction.ToString(), from = m.SenderName, m.Text, m.CreatedAt, m.EditedAt,
                    m.Latitude, m.Longitude, m.LocationName,
                    files = m.Attachments.Select(a => new { a.Id, a.FileName, a.ContentType, a.Size, path = m.Direction == MessageDirection.Inbound ? FilePath(a) : null }),
                }),
            }),
        };
        var buffer = new SyncWriteBuffer(output);
        await using (var zip = await ZipArchive.CreateAsync(buffer, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, cancellationToken))
        {
            var entry = zip.CreateEntry("contact.json", CompressionLevel.Optimal);
            await using (var stream = await entry.OpenAsync(cancellationToken))
            {
                await JsonSerializer.SerializeAsync(stream, document, Json, cancellationToken);
            }
            foreach (var file in files) await AddFileAsync(zip, file, cancellationToken);
        }
        await buffer.FlushAsync(cancellationToken);
        return true;
    }

    /// <summary>The contact's messages: all of their own conversations' (private notes aside, other members of a group aside), and theirs elsewhere.</summary>
    internal static IQueryable<Message> Messages(CommHubDbContext db, int contactId) =>
        db.Messages.Where(m => !m.IsPrivateNote && (m.SenderContactId == contactId
            || (m.Conversation!.ContactId == contactId && (m.SenderContactId == null || m.SenderContactId == contactId))));

    private async Task AddFileAsync(ZipArchive zip, Attachment file, CancellationToken cancellationToken)
    {
        if (file.OriginalBlobKey is null) return;
        await using var content = await blobs.OpenReadAsync(file.OriginalBlobKey, cancellationToken);
        if (content is null) return;
        var entry = zip.CreateEntry(FilePath(file), CompressionLevel.NoCompression);
        await using var stream = await entry.OpenAsync(cancellationToken);
        await content.CopyToAsync(stream, cancellationToken);
    }

    /// <summary>files/{id}-{name}, the name reduced to safe characters (it is the sender's, and ZIP readers trust paths).</summary>
    private static string FilePath(Attachment file)
    {
        var safe = new string(file.FileName.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray()).TrimStart('.');
        return $"files/{file.Id}-{(safe.Length == 0 ? "file" : safe[..Math.Min(safe.Length, 100)])}";
    }
}
