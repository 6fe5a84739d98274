using System.Buffers.Binary;
using System.IO.Hashing;
using NetVips;

namespace CommHub.Tests.TestSupport;

/// <summary>Images made on the spot for the media tests.</summary>
public static class TestImages
{
    public static byte[] Jpeg(int width, int height, int quality = 85, bool noise = false, bool withGps = false)
    {
        using var image = noise ? Image.Gaussnoise(width, height, mean: 128, sigma: 40).Cast(Enums.BandFormat.Uchar).Bandjoin(128, 64) : (Image.Black(width, height, bands: 3) + new[] { 40.0, 120, 200 }).Cast(Enums.BandFormat.Uchar);
        if (!withGps) return image.JpegsaveBuffer(q: quality);
        using var tagged = image.Mutate(m =>
        {
            // libvips writes exif-* fields into the EXIF block when it saves.
            m.Set(GValue.GStrType, "exif-ifd3-GPSLatitudeRef", "N");
            m.Set(GValue.GStrType, "exif-ifd3-GPSLatitude", "52/1 31/1 12/1");
            m.Set(GValue.GStrType, "exif-ifd3-GPSLongitudeRef", "E");
            m.Set(GValue.GStrType, "exif-ifd3-GPSLongitude", "13/1 24/1 36/1");
        });
        return tagged.JpegsaveBuffer(q: quality, keep: Enums.ForeignKeep.All);
    }

    /// <summary>A JPEG stored sideways with an EXIF orientation tag saying "rotate 90° clockwise", as phones do.</summary>
    public static byte[] SidewaysJpeg(int width, int height)
    {
        using var image = (Image.Black(width, height, bands: 3) + 100).Cast(Enums.BandFormat.Uchar);
        using var tagged = image.Mutate(m => m.Set(GValue.GIntType, "orientation", 6));
        return tagged.JpegsaveBuffer(keep: Enums.ForeignKeep.All);
    }

    public static byte[] Png(int width, int height)
    {
        using var image = (Image.Black(width, height, bands: 3) + 90).Cast(Enums.BandFormat.Uchar);
        return image.PngsaveBuffer();
    }

    /// <summary>A PNG whose header claims a size it does not have: decoding it would need gigabytes.</summary>
    /// <param name="bitDepth">8, or 16 for two bytes per channel.</param>
    /// <param name="colourType">2 truecolour (3 channels), 6 truecolour with alpha (4 channels).</param>
    public static byte[] PixelFloodPng(int width, int height, byte bitDepth = 8, byte colourType = 2)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(0), width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = bitDepth;
        ihdr[9] = colourType;
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", ihdr);
        Chunk(png, "IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    public static bool HasExif(byte[] image)
    {
        using var loaded = Image.NewFromBuffer(image);
        return loaded.GetFields().Contains("exif-data");
    }

    public static (int Width, int Height) Size(byte[] image)
    {
        using var loaded = Image.NewFromBuffer(image);
        return (loaded.Width, loaded.Height);
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typeAndData = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typeAndData);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.HashToUInt32(typeAndData));
        png.Write(crc);
    }
}
