using System.ComponentModel.DataAnnotations;

namespace CommHub.Core.Attachments;

/// <summary>Section <c>CommHub:Attachments</c>: what may be uploaded and how images are processed.</summary>
public sealed class AttachmentOptions
{
    public const string Section = "CommHub:Attachments";

    [Range(1, 2L * 1024 * 1024 * 1024)]
    public long MaxFileBytes { get; set; } = 25 * 1024 * 1024;

    [Range(1, 100)]
    public int MaxFilesPerMessage { get; set; } = 10;

    /// <summary>Content types accepted, as decided from the file's bytes (see <see cref="FileTypes"/>).</summary>
    [MinLength(1)]
    public List<string> AllowedTypes { get; set; } =
    [
        "image/jpeg", "image/png", "image/gif", "image/webp", "image/svg+xml",
        "application/pdf", "text/plain", "text/html", "application/zip",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "video/mp4", "audio/mpeg", "audio/ogg",
    ];

    /// <summary>An image whose header declares more pixels than this is refused before it is decoded.</summary>
    [Range(1, long.MaxValue)]
    public long MaxImagePixels { get; set; } = 50_000_000;

    /// <summary>
    /// Memory one image may take once decoded (width × height × bands × bytes per band, read from the header). An image over
    /// it is refused before it is decoded, with the reason on the attachment. With one media worker this bounds image memory.
    /// </summary>
    [Range(1024 * 1024, long.MaxValue)]
    public long MaxDecodeBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Images larger than this get a compressed copy, quality stepped down until it fits.</summary>
    [Range(1, long.MaxValue)]
    public long CompressAboveBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>
    /// How long a signed link to an email's inline (cid:) image works. The mail's sandboxed frame sends no cookie, so its
    /// images are fetched by links made when the mail is shown; a page open longer keeps the images it already loaded.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:30", "1.00:00:00")]
    public TimeSpan InlineImageLinkLifetime { get; set; } = TimeSpan.FromMinutes(10);

    [Range(16, 2048)]
    public int ThumbnailSize { get; set; } = 320;

    /// <summary>Processing attempts before an attachment stays Failed (the sweep retries up to this).</summary>
    [Range(1, 20)]
    public int MaxProcessingAttempts { get; set; } = 3;

    /// <summary>libvips worker threads per operation; with the Hangfire workers this bounds image memory.</summary>
    [Range(1, 16)]
    public int ImageConcurrency { get; set; } = 1;
}
