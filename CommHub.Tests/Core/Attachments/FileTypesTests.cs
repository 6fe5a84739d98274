using System.Text;
using CommHub.Core.Attachments;
using CommHub.Tests.TestSupport;

namespace CommHub.Tests.Core.Attachments;

public sealed class FileTypesTests
{
    public static TheoryData<byte[], string> Samples() => new()
    {
        { TestImages.Jpeg(8, 8), "image/jpeg" },
        { TestImages.Png(8, 8), "image/png" },
        { "GIF89a\x01\x00"u8.ToArray(), "image/gif" },
        { "%PDF-1.7\n"u8.ToArray(), "application/pdf" },
        { "MZ\x90\x00"u8.ToArray(), "application/x-executable" },
        { [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1], "application/x-executable" },
        { "#!/bin/sh\nrm -rf /"u8.ToArray(), "application/x-executable" },
        { "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>"u8.ToArray(), "image/svg+xml" },
        { "<!DOCTYPE html><html><body>hi</body></html>"u8.ToArray(), "text/html" },
        { "Hello, plain text — with UTF-8 ✓"u8.ToArray(), "text/plain" },
        { [0x00, 0x01, 0x02, 0x03], "application/octet-stream" },
        { Ftyp("heic", "mif1", "heic"), "image/heic" },
        { Ftyp("mif1", "mif1", "heic"), "image/heic" },
        { Ftyp("avif", "avif", "mif1", "miaf"), "image/avif" },
        { Ftyp("mif1", "avif", "mif1"), "image/avif" },
        { Ftyp("qt  ", "qt  "), "video/quicktime" },
        { Ftyp("M4A ", "M4A ", "mp42", "isom"), "audio/mp4" },
        { Ftyp("isom", "isom", "iso2", "avc1", "mp41"), "video/mp4" },
    };

    /// <summary>The start of an ISO media file: an ftyp box with a major brand, version 0 and compatible brands.</summary>
    private static byte[] Ftyp(string major, params string[] compatible)
    {
        var size = 16 + 4 * compatible.Length;
        var box = new List<byte> { 0, 0, 0, (byte)size };
        box.AddRange("ftyp"u8.ToArray());
        box.AddRange(Encoding.ASCII.GetBytes(major));
        box.AddRange(new byte[4]);
        foreach (var brand in compatible) box.AddRange(Encoding.ASCII.GetBytes(brand));
        box.AddRange([0, 0, 0, 8]);
        box.AddRange("free"u8.ToArray());
        return [.. box];
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Detect_UsesTheBytes(byte[] head, string expected) =>
        Assert.Equal(expected, FileTypes.Detect(head).ContentType);

    [Fact]
    public void Detect_DoesNotCallUtf8BinaryWhenTheHeadCutsACharacterInTwo()
    {
        // '€' is three bytes, so 4096 bytes end in the middle of one.
        var text = Encoding.UTF8.GetBytes(new string('€', FileTypes.HeadLength));

        Assert.Equal("text/plain", FileTypes.Detect(text.AsSpan(0, FileTypes.HeadLength)).ContentType);
    }

    [Theory]
    [InlineData("photo.JPG", "image/jpeg")]
    [InlineData("report.pdf", "application/pdf")]
    [InlineData("setup.exe", "application/x-executable")]
    [InlineData("no-extension", null)]
    public void Claimed_ComesFromTheExtension(string name, string? expected) =>
        Assert.Equal(expected, FileTypes.Claimed(name)?.ContentType);
}
