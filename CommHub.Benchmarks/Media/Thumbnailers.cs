using System.Reflection;
using CommHub.Core.Attachments;
using CommHub.Infrastructure.Media;
using ImageMagick;
using ImageMagick.Formats;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Processing;
using SkiaSharp;

namespace CommHub.Benchmarks.Media;

/// <summary>
/// The same job for every library: decode, apply the EXIF orientation, fit in a 320 × 320 square keeping the aspect
/// (never enlarge), encode WebP at quality 75 without metadata. Each uses its library's fastest reasonable API.
/// </summary>
internal interface IThumbnailer
{
    ProcessedImage Thumbnail(Stream image);
}

internal static class Thumbnailers
{
    public const int Size = 320;
    public const int Quality = 75;
    /// <summary>
    /// The "-plain" variants are the same libraries used the straightforward way, decoding at full size: how published
    /// benchmarks and most code call them. The targets are judged against the tuned variants.
    /// </summary>
    public static readonly string[] Libraries = ["vips", "imagesharp", "magick", "skia", "magick-plain", "skia-plain", Floor];

    /// <summary>Not a thumbnail: the fastest decode alone (libvips, shrinking a JPEG while decoding), the time any thumbnail needs at least.</summary>
    public const string Floor = "decode-floor";

    public static IThumbnailer Create(string library) => library switch
    {
        "vips" => new VipsThumbnailer(),
        "imagesharp" => new ImageSharpThumbnailer(),
        Floor => new DecodeFloor(),
        "magick" => new MagickThumbnailer(scaleWhileDecoding: true),
        "skia" => new SkiaThumbnailer(scaleWhileDecoding: true),
        "magick-plain" => new MagickThumbnailer(scaleWhileDecoding: false),
        "skia-plain" => new SkiaThumbnailer(scaleWhileDecoding: false),
        _ => throw new ArgumentException($"Unknown library '{library}'.", nameof(library)),
    };

    public static string Version(string library) => library switch
    {
        "vips" => $"libvips {NetVips.NetVips.Version(0)}.{NetVips.NetVips.Version(1)}.{NetVips.NetVips.Version(2)}",
        "magick" or "magick-plain" => $"Magick.NET {PackageVersion(typeof(MagickImage))}, {string.Join(' ', MagickNET.ImageMagickVersion.Split(' ').Take(2))}",
        "skia" or "skia-plain" => $"SkiaSharp {PackageVersion(typeof(SKBitmap))} (Skia m{SkiaSharpVersion.Native.Major})",
        "imagesharp" => $"ImageSharp {PackageVersion(typeof(SixLabors.ImageSharp.Image))}",
        Floor => $"decode only, libvips {NetVips.NetVips.Version(0)}.{NetVips.NetVips.Version(1)}.{NetVips.NetVips.Version(2)}",
        _ => "no image library",
    };

    private static string? PackageVersion(Type type) =>
        type.Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0];

    /// <summary>Largest size that fits the square with the aspect kept, as all three libraries round it.</summary>
    public static (int Width, int Height) Fit(int width, int height)
    {
        var scale = Math.Min(1.0, Math.Min((double)Size / width, (double)Size / height));
        return (Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)));
    }
}

/// <summary>The production pipeline, exactly as the app constructs it (default options: one libvips thread per job).</summary>
internal sealed class VipsThumbnailer : IThumbnailer
{
    private readonly VipsImageProcessor processor = new(Options.Create(new AttachmentOptions()));

    public ProcessedImage Thumbnail(Stream image) => processor.Thumbnail(image, Thumbnailers.Size);
}

/// <summary>
/// Tuned: jpeg:size asks libjpeg to scale by 1/2, 1/4 or 1/8 while decoding (twice the target, as libvips leaves).
/// Plain: the image is read at full size.
/// </summary>
internal sealed class MagickThumbnailer(bool scaleWhileDecoding) : IThumbnailer
{
    public ProcessedImage Thumbnail(Stream image)
    {
        var settings = scaleWhileDecoding
            ? new MagickReadSettings(new JpegReadDefines { Size = new MagickGeometry(2 * Thumbnailers.Size, 2 * Thumbnailers.Size) })
            : new MagickReadSettings();
        using var picture = new MagickImage(image, settings);
        picture.AutoOrient();
        picture.Thumbnail(new MagickGeometry(Thumbnailers.Size, Thumbnailers.Size) { Greater = true });
        picture.Strip();
        picture.Quality = Thumbnailers.Quality;
        var data = picture.ToByteArray(MagickFormat.WebP);
        return new ProcessedImage(data, "image/webp", (int)picture.Width, (int)picture.Height);
    }
}

/// <summary>
/// Tuned: SKCodec decodes a JPEG at the nearest 1/8 step at or above twice the target (PNG cannot scale while decoding).
/// Plain: the image is decoded at full size. Either way the resize uses linear filtering over mipmaps, Skia's choice for
/// large downscales, and the orientation is a matrix.
/// </summary>
internal sealed class SkiaThumbnailer(bool scaleWhileDecoding) : IThumbnailer
{
    public ProcessedImage Thumbnail(Stream image)
    {
        using var codec = SKCodec.Create(image) ?? throw new InvalidDataException("Skia cannot read the image.");
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        var (fitWidth, fitHeight) = Thumbnailers.Fit(width, height);
        var decodeScale = scaleWhileDecoding ? (float)Math.Min(1.0, 2.0 * fitWidth / width) : 1f;
        var decodeInfo = codec.Info.WithSize(codec.GetScaledDimensions(decodeScale));
        using var decoded = SKBitmap.Decode(codec, decodeInfo) ?? throw new InvalidDataException("Skia could not decode the image.");
        using var resized = decoded.Resize(decodeInfo.WithSize(fitWidth, fitHeight), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear))
            ?? throw new InvalidOperationException("Skia could not resize the image.");
        using var upright = Orient(resized, codec.EncodedOrigin);
        using var data = upright.Encode(SKEncodedImageFormat.Webp, Thumbnailers.Quality);
        return new ProcessedImage(data.ToArray(), "image/webp", upright.Width, upright.Height);
    }

    private static SKBitmap Orient(SKBitmap source, SKEncodedOrigin origin)
    {
        if (origin is SKEncodedOrigin.TopLeft) return source.Copy();
        var (w, h) = (source.Width, source.Height);
        var swap = origin >= SKEncodedOrigin.LeftTop;
        // Maps source pixels to upright ones: (x, y) -> (ScaleX x + SkewX y + TransX, SkewY x + ScaleY y + TransY).
        var matrix = origin switch
        {
            SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
            SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),
            _ => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1), // LeftBottom
        };
        var upright = new SKBitmap(source.Info.WithSize(swap ? h : w, swap ? w : h));
        using var canvas = new SKCanvas(upright);
        canvas.SetMatrix(matrix);
        canvas.DrawBitmap(source, 0, 0);
        return upright;
    }
}

/// <summary>
/// ImageSharp 2.1 (the last version under its open licence, served here alone) the way its documentation shows: load,
/// auto-orient, resize to fit, strip the metadata, save as lossy WebP. It cannot scale while decoding (3.x can).
/// </summary>
internal sealed class ImageSharpThumbnailer : IThumbnailer
{
    public ProcessedImage Thumbnail(Stream image)
    {
        using var picture = SixLabors.ImageSharp.Image.Load(image);
        picture.Mutate(x => x.AutoOrient().Resize(new ResizeOptions
        {
            Size = new SixLabors.ImageSharp.Size(Thumbnailers.Size, Thumbnailers.Size), Mode = ResizeMode.Max,
        }));
        picture.Metadata.ExifProfile = null;
        picture.Metadata.XmpProfile = null;
        picture.Metadata.IccProfile = null;
        using var output = new MemoryStream();
        picture.Save(output, new WebpEncoder { Quality = Thumbnailers.Quality, FileFormat = WebpFileFormatType.Lossy });
        return new ProcessedImage(output.ToArray(), "image/webp", picture.Width, picture.Height);
    }
}

/// <summary>
/// The floor: every pixel decoded and read (the average forces it), nothing resized or encoded. A JPEG is shrunk while
/// decoding by the largest power of two that still leaves at least the thumbnail's size, as libvips' thumbnail does; a
/// PNG cannot be. Its result is no thumbnail, so the worker does not check it as one.
/// </summary>
internal sealed class DecodeFloor : IThumbnailer
{
    public ProcessedImage Thumbnail(Stream image)
    {
        // Read as the production pipeline reads (from the stream, sequentially); the header first, to choose the shrink.
        int width, height;
        bool isJpeg;
        using (var header = NetVips.Image.NewFromStream(image, access: NetVips.Enums.Access.Sequential))
            (width, height, isJpeg) = (header.Width, header.Height, header.Get("vips-loader") is string loader && loader.StartsWith("jpeg", StringComparison.Ordinal));
        image.Position = 0;
        var shrink = 1;
        while (isJpeg && shrink < 8 && Math.Min(width, height) / (shrink * 2) >= Thumbnailers.Size) shrink *= 2;
        using var decoded = isJpeg
            ? NetVips.Image.NewFromStream(image, access: NetVips.Enums.Access.Sequential, kwargs: new NetVips.VOption { { "shrink", shrink } })
            : NetVips.Image.NewFromStream(image, access: NetVips.Enums.Access.Sequential);
        _ = decoded.Avg();
        return new ProcessedImage([], "none", decoded.Width, decoded.Height);
    }
}
