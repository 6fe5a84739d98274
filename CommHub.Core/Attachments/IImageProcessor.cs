namespace CommHub.Core.Attachments;

/// <param name="Bands">Channels per pixel (3 for RGB, 4 with alpha).</param>
/// <param name="BytesPerBand">Bytes per channel value (1 for 8-bit, 2 for 16-bit images).</param>
public sealed record ImageHeader(int Width, int Height, int Bands = 3, int BytesPerBand = 1)
{
    public long Pixels => (long)Width * Height;

    /// <summary>What the decoded image takes in memory: width × height × bands × bytes per band.</summary>
    public long DecodedBytes => Pixels * Math.Max(1, Bands) * Math.Max(1, BytesPerBand);
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
