namespace CommHub.Core.Attachments;

/// <summary>A validated upload, stored under a server-made key, not yet part of a message.</summary>
/// <param name="SendOriginal">An image sent out through a channel as uploaded (with its metadata), not as the cleaned copy.</param>
public sealed record StagedFile(string BlobKey, string FileName, string ContentType, long Size, bool SendOriginal = false);

/// <summary>An attachment as the thread shows it.</summary>
public sealed record AttachmentView(
    int Id, int MessageId, string FileName, string ContentType, long Size, AttachmentState State, string? Error, bool HasThumbnail)
{
    public bool IsImage => ContentType.StartsWith("image/", StringComparison.Ordinal) && ContentType != FileTypes.Svg.ContentType;
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
