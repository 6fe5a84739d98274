namespace CommHub.Core.Attachments;

/// <summary>A validated upload, stored under a server-made key, not yet part of a message.</summary>
/// <param name="SendOriginal">An image sent out through a channel as uploaded (with its metadata), not as the cleaned copy.</param>
public sealed record StagedFile(string BlobKey, string FileName, string ContentType, long Size, bool SendOriginal = false)
{
    /// <summary>An email part's Content-ID, kept on the attachment so the mail's body can show it inline.</summary>
    public string? ContentId { get; init; }
}

/// <summary>An attachment as the thread shows it.</summary>
public sealed record AttachmentView(
    int Id, int MessageId, string FileName, string ContentType, long Size, AttachmentState State, string? Error, bool HasThumbnail)
{
    public bool IsImage => ContentType.StartsWith("image/", StringComparison.Ordinal) && ContentType != FileTypes.Svg.ContentType;

    /// <summary>An email's inline image: its Content-ID, which the mail's HTML points at with cid:.</summary>
    public string? ContentId { get; init; }
}

public enum FileVariant
{
    /// <summary>What customers get: the metadata-free copy for images, else the original.</summary>
    Display,
    Original,
    Thumbnail,
}

/// <summary>A file to send to someone allowed to have it.</summary>
public sealed record FileDownload(Stream Content, string FileName, string ContentType, bool Inline);
