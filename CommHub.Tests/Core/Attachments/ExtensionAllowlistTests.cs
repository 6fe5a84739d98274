using System.Text;
using CommHub.Core.Attachments;
using CommHub.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Core.Attachments;

/// <summary>Each detected type allows only its own extensions; the message names what the file is and what to call it.</summary>
public sealed class ExtensionAllowlistTests(MediaFactory factory) : IClassFixture<MediaFactory>
{
    private AttachmentService Attachments => factory.Services.GetRequiredService<AttachmentService>();

    private Task<CommHub.Core.Common.OperationResult<StagedFile>> StageAsync(byte[] bytes, string name) =>
        Attachments.StageAsync(new MemoryStream(bytes), name, bytes.Length);

    public static TheoryData<string, string> Mismatches() => new()
    {
        // A PNG under an extension nothing else claims, and under another type's.
        { "scan.dat", "“scan.dat” is really a PNG image; rename it to .png or choose another file." },
        { "scan.jpg", "“scan.jpg” is really a PNG image; rename it to .png or choose another file." },
        { "scan.txt", "“scan.txt” is really a PNG image; rename it to .png or choose another file." },
    };

    [Theory]
    [MemberData(nameof(Mismatches))]
    public async Task AnExtensionTheDetectedTypeDoesNotAllow_IsRefused_NamingBoth(string name, string expected)
    {
        var result = await StageAsync(TestImages.Png(8, 8), name);

        Assert.Equal(expected, result.ErrorText);
    }

    [Theory]
    [InlineData("photo.jpg")]
    [InlineData("photo.JPEG")]
    [InlineData("photo.jfif")]
    public async Task AJpeg_MayHaveAnyOfItsOwnExtensions(string name)
    {
        var result = await StageAsync(TestImages.Jpeg(8, 8), name);

        Assert.True(result.Succeeded, result.ErrorText);
        Assert.Equal(name, result.Value!.FileName);
    }

    [Theory]
    [InlineData("notes.txt")]
    [InlineData("export.csv")]
    [InlineData("server.log")]
    [InlineData("README.md")]
    public async Task PlainText_MayHaveTheTextExtensions(string name)
    {
        var result = await StageAsync("just some words"u8.ToArray(), name);

        Assert.True(result.Succeeded, result.ErrorText);
    }

    [Fact]
    public async Task TextCalledAnImageOrAProgramFormat_IsRefused()
    {
        var png = await StageAsync("just some words"u8.ToArray(), "holiday.png");
        var python = await StageAsync("print('hi')"u8.ToArray(), "tool.py");

        Assert.Equal("“holiday.png” is really a text file; rename it to .txt or choose another file.", png.ErrorText);
        Assert.Equal("“tool.py” is really a text file; rename it to .txt or choose another file.", python.ErrorText);
    }

    [Fact]
    public async Task AHtmlPageCalledText_IsRefused()
    {
        var result = await StageAsync(Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>"), "notes.txt");

        Assert.Equal("“notes.txt” is really an HTML page; rename it to .html or choose another file.", result.ErrorText);
    }

    [Fact]
    public async Task ANameWithoutAnExtension_GetsItsTypesOwn()
    {
        var result = await StageAsync(TestImages.Png(8, 8), "attachment");

        Assert.True(result.Succeeded, result.ErrorText);
        Assert.Equal("attachment.png", result.Value!.FileName);
    }

    [Fact]
    public async Task UnknownContent_MayNotClaimAKnownType()
    {
        var result = await StageAsync([0x00, 0x01, 0x02, 0x03, 0x04], "invoice.pdf");

        Assert.Equal("“invoice.pdf” says it is a PDF document, but its content is not. It was not attached.", result.ErrorText);
    }

    [Fact]
    public async Task UnknownContent_UnderAnUnknownName_IsRefusedAsNotAccepted()
    {
        var result = await StageAsync([0x00, 0x01, 0x02, 0x03, 0x04], "data.bin");

        Assert.Equal("“data.bin” is a file of unknown type; that kind of file is not accepted here.", result.ErrorText);
    }
}
