using CommHub.Core.Attachments;
using Microsoft.Extensions.Options;
using NetVips;

namespace CommHub.Infrastructure.Media;

/// <summary>
/// Image work with libvips: it decodes on demand and shrinks on load, so a thumbnail of a 24 MP JPEG
/// never holds the full image in memory.
/// </summary>
public sealed class VipsImageProcessor : IImageProcessor
{
    private static readonly int[] QualitySteps = [85, 75, 65, 55, 45, 35];

    public VipsImageProcessor(IOptions<AttachmentOptions> options)
    {
        // Process-wide libvips settings: few threads per operation and no operation cache, so parallel
        // jobs stay within a predictable amount of memory.
        NetVips.NetVips.Concurrency = options.Value.ImageConcurrency;
        Cache.Max = 0;
        Cache.MaxFiles = 0;
        Cache.MaxMem = 0;
    }

    public ImageHeader ReadHeader(Stream image)
    {
        try
        {
            // Opening reads the header only; pixels are decoded when something asks for them.
            using var header = Image.NewFromStream(image, access: Enums.Access.Sequential);
            return new ImageHeader(header.Width, header.Height, header.Bands, BytesPerBand(header.Format));
        }
        catch (VipsException ex)
        {
            throw new InvalidDataException("Not a readable image.", ex);
        }
    }

    private static int BytesPerBand(Enums.BandFormat format) => format switch
    {
        Enums.BandFormat.Uchar or Enums.BandFormat.Char => 1,
        Enums.BandFormat.Ushort or Enums.BandFormat.Short => 2,
        Enums.BandFormat.Uint or Enums.BandFormat.Int or Enums.BandFormat.Float => 4,
        Enums.BandFormat.Complex or Enums.BandFormat.Double => 8,
        Enums.BandFormat.Dpcomplex => 16,
        _ => 1,
    };

    public ProcessedImage Thumbnail(Stream image, int size)
    {
        // thumbnail_source applies the EXIF orientation and shrinks while decoding.
        using var thumbnail = Image.ThumbnailStream(image, size, height: size, size: Enums.Size.Down);
        var data = thumbnail.WebpsaveBuffer(q: 75, keep: Enums.ForeignKeep.None);
        return new ProcessedImage(data, "image/webp", thumbnail.Width, thumbnail.Height);
    }

    public ProcessedImage Sanitize(Stream image, long maxBytes)
    {
        using var loaded = Image.NewFromStream(image, access: Enums.Access.Random);
        using var upright = loaded.Autorot();
        byte[] data = [];
        foreach (var quality in QualitySteps)
        {
            data = upright.WebpsaveBuffer(q: quality, keep: Enums.ForeignKeep.None);
            if (data.LongLength <= maxBytes) break;
        }
        return new ProcessedImage(data, "image/webp", upright.Width, upright.Height);
    }
}
