using Bunit;
using CommHub.Core.Attachments;
using CommHub.Tests.TestSupport;
using CommHub.Web.Features.Conversations;
using CommHub.Web.RateLimits;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Web.Features;

/// <summary>The composer's file limits, with a 1 MB size limit and the default ten files a message.</summary>
public sealed class ComposerUploadLimitsTests : ComponentTestBase
{
    public ComposerUploadLimitsTests()
    {
        AddAttachmentServices();
        Services.Configure<AttachmentOptions>(o => o.MaxFileBytes = 1024 * 1024);
    }

    private IRenderedComponent<Composer> RenderComposer() =>
        Render<Composer>(p => p.Add(c => c.OnSend, _ => Task.FromResult<string?>(null)));

    [Fact]
    public void ATooLargeFile_GetsTheAppsOwnMessage_NotTheFrameworks()
    {
        var composer = RenderComposer();
        var big = new byte[3 * 1024 * 1024];
        "%PDF-1.7\n"u8.CopyTo(big);

        composer.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(big, "manual.pdf"));

        composer.WaitForAssertion(() => Assert.Equal("“manual.pdf” is 3 MB; files can be at most 1 MB.",
            composer.Find("[data-testid=upload-error]").TextContent));
        Assert.DoesNotContain("exceeds the maximum", composer.Markup);
    }

    [Fact]
    public void ElevenFiles_KeepTheFirstTen_AndRefuseTheEleventh()
    {
        var composer = RenderComposer();
        var files = Enumerable.Range(1, 11).Select(i => InputFileContent.CreateFromText($"note {i}", $"note{i}.txt")).ToArray();

        composer.FindComponent<InputFile>().UploadFiles(files);

        composer.WaitForAssertion(() => Assert.Equal(10, composer.FindAll("[data-testid=upload][data-state=ready]").Count), TimeSpan.FromSeconds(30));
        var items = composer.FindAll("[data-testid=upload]");
        Assert.Equal(11, items.Count);
        Assert.Equal("error", items[10].GetAttribute("data-state"));
        Assert.Contains("note11.txt", items[10].TextContent);
        Assert.Equal("“note11.txt” was not added: a message can have at most 10 files.", items[10].QuerySelector("[data-testid=upload-error]")!.TextContent);
        Assert.All(items.Take(10), item => Assert.Equal("ready", item.GetAttribute("data-state")));
    }

    [Fact]
    public void MoreFilesThanTheBrowserPickerEverAskedFor_AreRefusedOneByOne_WithoutFailing()
    {
        var composer = RenderComposer();
        var files = Enumerable.Range(1, 120).Select(i => InputFileContent.CreateFromText($"n{i}", $"n{i}.txt")).ToArray();

        composer.FindComponent<InputFile>().UploadFiles(files);

        composer.WaitForAssertion(() => Assert.Equal(10, composer.FindAll("[data-testid=upload][data-state=ready]").Count), TimeSpan.FromSeconds(30));
        Assert.Equal(110, composer.FindAll("[data-testid=upload][data-state=error]").Count);
    }

    [Fact]
    public void UploadingTooFast_RefusesTheFilesOverTheBurst_WithAClearMessage()
    {
        Services.Configure<RateLimitOptions>(o => (o.UploadBurst, o.UploadsPerMinute) = (3, 1));
        SignInAs("quick-uploader", CommHub.Core.Users.Roles.Customer);
        var composer = RenderComposer();

        composer.FindComponent<InputFile>().UploadFiles(Enumerable.Range(1, 5).Select(i => InputFileContent.CreateFromText($"n{i}", $"n{i}.txt")).ToArray());

        composer.WaitForAssertion(() => Assert.Equal(3, composer.FindAll("[data-testid=upload][data-state=ready]").Count), TimeSpan.FromSeconds(30));
        var refused = composer.FindAll("[data-testid=upload][data-state=error]");
        Assert.Equal(2, refused.Count);
        Assert.All(refused, item => Assert.Equal(UploadLimiter.TooFast, item.QuerySelector("[data-testid=upload-error]")!.TextContent));
    }
}
