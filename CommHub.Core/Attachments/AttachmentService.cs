using System.Globalization;
using CommHub.Core.Common;
using CommHub.Core.Contacts;
using CommHub.Core.Conversations;
using CommHub.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommHub.Core.Attachments;

/// <summary>
/// Uploads and downloads. An upload is checked (size, type from its bytes, a name that does not lie,
/// pixel count from the header) and stored under a server-made key before any message refers to it.
/// </summary>
public sealed class AttachmentService(
    IBlobStore blobs,
    IImageProcessor images,
    IAttachmentQueue queue,
    IDbContextFactory<CommHubDbContext> dbFactory,
    IOptions<AttachmentOptions> options,
    TimeProvider clock)
{
    private const string StagingPrefix = "originals/";

    private AttachmentOptions Options => options.Value;

    public async Task<OperationResult<StagedFile>> StageAsync(Stream content, string fileName, long declaredSize, CancellationToken cancellationToken = default)
    {
        var name = CleanName(fileName);
        if (declaredSize > Options.MaxFileBytes) return TooLarge(name, declaredSize);

        var head = new byte[FileTypes.HeadLength];
        var headLength = await content.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        if (headLength == 0) return OperationResult<StagedFile>.Fail($"“{name}” is empty.");
        var type = FileTypes.Detect(head.AsSpan(0, headLength));
        // A name without an extension claims nothing (mail attachments and Telegram documents often have one): it gets
        // its type's usual extension, so it opens as what it is.
        if (!Path.HasExtension(name) && type.Extensions.Count > 0) name = name.TrimEnd('.') + type.Extensions[0];
        if (TypeProblem(name, type) is { } problem) return OperationResult<StagedFile>.Fail(problem);

        var key = BlobKeys.New("originals", clock);
        long size;
        try
        {
            var limited = new LimitedStream(head.AsMemory(0, headLength), content, Options.MaxFileBytes);
            await blobs.PutAsync(key, limited, type.ContentType, cancellationToken);
            size = limited.Position;
        }
        catch (FileTooLargeException)
        {
            await blobs.DeleteAsync(key, CancellationToken.None);
            return TooLarge(name, declaredSize);
        }

        if (type.IsRasterImage && await PixelProblemAsync(name, type, key, cancellationToken) is { } pixels)
        {
            await blobs.DeleteAsync(key, CancellationToken.None);
            return OperationResult<StagedFile>.Fail(pixels);
        }
        return OperationResult<StagedFile>.Ok(new StagedFile(key, name, type.ContentType, size));
    }

    /// <summary>Forgets an upload that was removed before sending.</summary>
    public Task DiscardAsync(StagedFile file, CancellationToken cancellationToken = default) =>
        IsStaged(file) ? blobs.DeleteAsync(file.BlobKey, cancellationToken) : Task.CompletedTask;

    /// <summary>The refusal for a file of this size, before any of it is read; null when it may be uploaded.</summary>
    public string? CheckSize(string fileName, long size) => size > Options.MaxFileBytes ? TooLarge(CleanName(fileName), size).ErrorText : null;

    public string? CheckCount(int count) =>
        count > Options.MaxFilesPerMessage ? $"You can attach at most {Options.MaxFilesPerMessage} files to one message." : null;

    /// <summary>Adds the staged files to a message about to be saved; images start Pending, other files are Ready.</summary>
    internal static void AddTo(Message message, IReadOnlyList<StagedFile> files)
    {
        foreach (var file in files)
        {
            if (!IsStaged(file)) throw new ArgumentException("Only files staged by this service can be attached.", nameof(files));
            message.Attachments.Add(new Attachment
            {
                FileName = file.FileName,
                ContentType = file.ContentType,
                Size = file.Size,
                OriginalBlobKey = file.BlobKey,
                State = IsRaster(file.ContentType) ? AttachmentState.Pending : AttachmentState.Ready,
                SendOriginal = file.SendOriginal,
                // A Content-ID longer than its column is no use clipped (nothing would match it): the file stays, not inline.
                ContentId = file.ContentId is { Length: <= AttachmentConfiguration.ContentIdLength } cid ? ColumnText.Clean(cid) : null,
                CreatedAt = message.CreatedAt,
            });
        }
    }

    /// <summary>After the message is saved: images go to the media pipeline.</summary>
    internal void EnqueueProcessing(Message message)
    {
        foreach (var attachment in message.Attachments.Where(a => a.State == AttachmentState.Pending)) queue.Enqueue(attachment.Id);
    }

    /// <summary>The attachments of a conversation's messages, for a thread view.</summary>
    internal static async Task<ILookup<int, AttachmentView>> ViewsAsync(
        CommHubDbContext db, int conversationId, bool includePrivateNotes, CancellationToken cancellationToken)
    {
        // By conversation, not by a list of message ids: a 500-message thread would make a 500-parameter query.
        var rows = await db.Attachments.AsNoTracking()
            .Where(a => a.Message!.ConversationId == conversationId && (includePrivateNotes || !a.Message.IsPrivateNote))
            .OrderBy(a => a.Id)
            .Select(a => new AttachmentView(a.Id, a.MessageId, a.FileName, a.ContentType, a.Size, a.State, a.Error, a.ThumbnailBlobKey != null) { ContentId = a.ContentId })
            .ToListAsync(cancellationToken);
        return rows.ToLookup(a => a.MessageId);
    }

    /// <summary>
    /// A file for someone allowed to have it: staff, or the customer whose conversation it is (never from a
    /// private note, and never the original of an image staff sent, whose metadata may say where it was taken).
    /// Null for anyone else, the same as for a file that does not exist.
    /// </summary>
    public async Task<FileDownload?> OpenAsync(int attachmentId, FileVariant variant, string userId, bool isStaff, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await db.Attachments.AsNoTracking()
            .Where(a => a.Id == attachmentId)
            .Where(a => isStaff || (!a.Message!.IsPrivateNote && db.ContactIdentities.Any(i =>
                i.Kind == IdentityKind.PortalUser && i.Value == userId && i.ContactId == a.Message.Conversation!.ContactId)
                // A project's files only while the crew member is on it: removal ends access to them too.
                && (a.Message.Conversation!.ProjectId == null
                    || db.ProjectMembers.Any(m => m.ProjectId == a.Message.Conversation.ProjectId && m.UserId == userId))))
            .Select(a => new { Attachment = a, FromCustomer = a.Message!.Direction == MessageDirection.Inbound })
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null) return null;
        // Staff may have the original of anything; a customer the original only of what they sent themselves.
        return await ServeAsync(found.Attachment, variant, mayHaveOriginal: isStaff || found.FromCustomer, cancellationToken);
    }

    /// <summary>
    /// An inline image of a customer's email (cid:), for the holder of a signed link
    /// (made for someone who may read that mail, see the Web feature InlineImageLinks): what its viewers see of it (the cleaned copy when there is one). Null for
    /// any other file, so such a link can never fetch an attachment that is not an image the mail shows inline.
    /// </summary>
    public async Task<FileDownload?> OpenInlineImageAsync(int attachmentId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var attachment = await db.Attachments.AsNoTracking()
            .Where(a => a.Id == attachmentId && a.ContentId != null && a.Message!.Direction == MessageDirection.Inbound && !a.Message.IsPrivateNote)
            .SingleOrDefaultAsync(cancellationToken);
        if (attachment is null || !FileTypes.FromContentType(attachment.ContentType).IsRasterImage) return null;
        return await ServeAsync(attachment, FileVariant.Display, mayHaveOriginal: true, cancellationToken);
    }

    private async Task<FileDownload?> ServeAsync(Attachment attachment, FileVariant variant, bool mayHaveOriginal, CancellationToken cancellationToken)
    {
        if (variant == FileVariant.Original && !mayHaveOriginal) variant = FileVariant.Display;
        var (key, contentType, name) = variant switch
        {
            FileVariant.Thumbnail => (attachment.ThumbnailBlobKey, "image/webp", Path.ChangeExtension(attachment.FileName, ".webp")),
            FileVariant.Display when attachment.CompressedBlobKey is not null =>
                (attachment.CompressedBlobKey, "image/webp", Path.ChangeExtension(attachment.FileName, ".webp")),
            // An image not (yet) made safe is not shown to other parties: its original may say where it was taken.
            FileVariant.Display when IsRaster(attachment.ContentType) && !mayHaveOriginal => (null, "", ""),
            _ => (attachment.OriginalBlobKey, attachment.ContentType, attachment.FileName),
        };
        if (key is null) return null;
        var stream = await blobs.OpenReadAsync(key, cancellationToken);
        if (stream is null) return null;
        var inline = FileTypes.FromContentType(contentType).InlineSafe;
        return new FileDownload(stream, name, contentType, inline);
    }

    internal static bool IsRaster(string contentType) => FileTypes.FromContentType(contentType).IsRasterImage;

    private static bool IsStaged(StagedFile file) => file.BlobKey.StartsWith(StagingPrefix, StringComparison.Ordinal) && BlobKeys.IsValid(file.BlobKey);

    private string? TypeProblem(string name, FileType type)
    {
        if (type == FileTypes.Executable) return $"“{name}” is a program; programs cannot be attached.";
        var claimed = FileTypes.Claimed(name);
        if (claimed == FileTypes.Executable)
            return $"“{name}” is a {Path.GetExtension(name).ToLowerInvariant()} file, which a computer can run (a program, a script or a document with macros); such files cannot be attached.";
        // Content nothing recognises may not borrow a known type's name (a ".pdf" that is no PDF).
        if (type == FileTypes.Unknown && claimed is not null)
            return $"“{name}” says it is {claimed.Description}, but its content is not. It was not attached.";
        if (!Options.AllowedTypes.Contains(type.ContentType, StringComparer.OrdinalIgnoreCase))
            return $"“{name}” is {type.Description}; that kind of file is not accepted here.";
        // Each type has its own names: a PNG is a .png, never a .pdf or a .txt.
        if (!type.Allows(name))
            return $"“{name}” is really {type.Description}; rename it to {type.Extensions[0]} or choose another file.";
        return null;
    }

    private async Task<string?> PixelProblemAsync(string name, FileType type, string key, CancellationToken cancellationToken)
    {
        await using var stored = await blobs.OpenReadAsync(key, cancellationToken)
            ?? throw new InvalidOperationException($"The blob {key} vanished right after it was written.");
        ImageHeader header;
        try
        {
            header = images.ReadHeader(stored);
        }
        catch (InvalidDataException)
        {
            return $"“{name}” looks like {type.Description} but cannot be read as one.";
        }
        return header.Pixels > Options.MaxImagePixels
            ? string.Create(CultureInfo.InvariantCulture,
                $"“{name}” is {header.Width:N0} × {header.Height:N0} pixels ({header.Pixels / 1_000_000.0:N0} megapixels); images can be at most {Options.MaxImagePixels / 1_000_000.0:N0} megapixels.")
            : null;
    }

    private OperationResult<StagedFile> TooLarge(string name, long size) =>
        // "5 MB; at most 5 MB" would read as no reason at all: then only "larger than".
        OperationResult<StagedFile>.Fail(size > Options.MaxFileBytes && Bytes(size) != Bytes(Options.MaxFileBytes)
            ? $"“{name}” is {Bytes(size)}; files can be at most {Bytes(Options.MaxFileBytes)}."
            : $"“{name}” is larger than {Bytes(Options.MaxFileBytes)}, the most a file can be.");

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} bytes",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:0.#} MB"),
    };

    private static string CleanName(string fileName)
    {
        // Control and Unicode format characters go: a right-to-left override would show "photo\u202Egpj.js" as "photosj.jpg".
        var name = new string(Path.GetFileName(fileName.Replace('\\', '/'))
            .Where(c => !char.IsControl(c) && char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format).ToArray()).Trim();
        if (name.Length > 200) name = name[..(200 - Path.GetExtension(name).Length)] + Path.GetExtension(name);
        return name.Length == 0 ? "file" : name;
    }
}
