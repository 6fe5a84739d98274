namespace CommHub.Core.Attachments;

public sealed record ImageHeader(int Width, int Height)
{
    public long Pixels => (long)Width * Height;
}

public sealed record ProcessedImage(byte[] Data, string ContentType, int Width, int Height);

/// <summary>Port for image work (libvips in production). Every method reads what it needs from the stream.</summary>
public interface IImageProcessor
{
    /// <summary>Reads only the header: cheap even for an image that would decompress to billions of pixels.</summary>
    /// <exception cref="InvalidDataException">Not an image the processor can read.</exception>
    ImageHeader ReadHeader(Stream image);

    /// <summary>A WebP thumbnail that fits in a square of <paramref name="size"/>, EXIF orientation applied, no metadata.</summary>
    ProcessedImage Thumbnail(Stream image, int size);

    /// <summary>
    /// The copy customers see, as WebP (it keeps transparency): orientation applied, all metadata (EXIF, GPS, XMP) removed, and
    /// when over <paramref name="maxBytes"/> the quality is stepped down until it fits (or the lowest step is reached).
    /// </summary>
    ProcessedImage Sanitize(Stream image, long maxBytes);
}

/// <summary>Port: process an attachment in the background (Hangfire in production).</summary>
public interface IAttachmentQueue
{
    void Enqueue(int attachmentId);
}
