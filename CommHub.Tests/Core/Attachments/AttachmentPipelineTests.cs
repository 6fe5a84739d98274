using System.Net;
using CommHub.Core.Attachments;
using CommHub.Core.Conversations;
using CommHub.Core.Portal;
using CommHub.Core.Users;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Core.Attachments;

/// <summary>The app with the job queue replaced by a recorder, so each test runs processing itself.</summary>
public class MediaFactory : CommHubFactory
{
    public MediaFactory()
    {
        Settings["CommHub:Attachments:MaxFileBytes"] = (5 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Settings["CommHub:Attachments:CompressAboveBytes"] = (1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture);
        ConfigureServices = services => services.AddSingleton<IAttachmentQueue>(Queue);
    }

    public RecordingAttachmentQueue Queue { get; } = new();
}

/// <summary><see cref="MediaFactory"/> on PostgreSQL.</summary>
public sealed class PostgresMediaFactory : MediaFactory
{
    public PostgresMediaFactory() => UsePostgres();
}

public sealed class AttachmentPipelineTests(MediaFactory factory) : AttachmentPipelineTestsBase<MediaFactory>(factory);

public sealed class AttachmentPipelineTestsOnPostgres(PostgresMediaFactory factory) : AttachmentPipelineTestsBase<PostgresMediaFactory>(factory);

public abstract class AttachmentPipelineTestsBase<TFactory>(TFactory factory) : IClassFixture<TFactory> where TFactory : MediaFactory
{
    private AttachmentService Attachments => factory.Services.GetRequiredService<AttachmentService>();
    private AttachmentProcessingService Processing => factory.Services.GetRequiredService<AttachmentProcessingService>();
    private IBlobStore Blobs => factory.Services.GetRequiredService<IBlobStore>();

    private async Task<StagedFile> StageAsync(byte[] bytes, string name)
    {
        var result = await Attachments.StageAsync(new MemoryStream(bytes), name, bytes.Length);
        Assert.True(result.Succeeded, result.ErrorText);
        return result.Value!;
    }

    private async Task<(string CustomerId, int ConversationId, Attachment Attachment)> SendAsync(byte[] bytes, string name, string customerEmail)
    {
        var customer = await factory.RegisterCustomerAsync(customerEmail);
        var staged = await StageAsync(bytes, name);
        var started = await factory.Services.GetRequiredService<PortalService>().StartAsync(customer, "With a file", "", [staged]);
        Assert.True(started.Succeeded, started.ErrorText);
        await using var db = await factory.CreateDbAsync();
        var attachment = await db.Attachments.SingleAsync(a => a.Message!.ConversationId == started.Value);
        return (customer, started.Value, attachment);
    }

    private async Task<Attachment> ReloadAsync(int id)
    {
        await using var db = await factory.CreateDbAsync();
        return await db.Attachments.SingleAsync(a => a.Id == id);
    }

    [Fact]
    public async Task AProgramRenamedJpg_IsRefused_WithAClearMessage()
    {
        var program = "MZ\x90\x00\x03\x00\x00\x00 this program cannot be run in DOS mode"u8.ToArray();

        var result = await Attachments.StageAsync(new MemoryStream(program), "holiday.jpg", program.Length);

        Assert.Equal("“holiday.jpg” is a program; programs cannot be attached.", result.ErrorText);
    }

    [Theory]
    [InlineData("invoice.hta", ".hta")]
    [InlineData("setup.JS", ".js")]
    [InlineData("run.ps1", ".ps1")]
    [InlineData("hello.vbs", ".vbs")]
    [InlineData("tool.jar", ".jar")]
    [InlineData("report.docm", ".docm")]
    public async Task ScriptsProgramsAndMacroDocuments_AreRefused_WhateverTheyContain(string name, string extension)
    {
        var text = "<script>new ActiveXObject('WScript.Shell').Run('calc')</script>"u8.ToArray();

        var result = await Attachments.StageAsync(new MemoryStream(text), name, text.Length);

        Assert.Equal(
            $"“{name}” is a {extension} file, which a computer can run (a program, a script or a document with macros); such files cannot be attached.",
            result.ErrorText);
    }

    [Fact]
    public async Task ARightToLeftOverrideInAName_IsRemoved_SoTheScriptShowsAsWhatItIs()
    {
        var text = "WScript.Echo 1"u8.ToArray();

        var disguised = await Attachments.StageAsync(new MemoryStream(text), "photo\u202Egpj.js", text.Length);
        var zeroWidth = await Attachments.StageAsync(new MemoryStream(text), "no\u200Btes\u2066.txt", text.Length);

        Assert.Equal("“photogpj.js” is a .js file, which a computer can run (a program, a script or a document with macros); such files cannot be attached.", disguised.ErrorText);
        Assert.True(zeroWidth.Succeeded, zeroWidth.ErrorText);
        Assert.Equal("notes.txt", zeroWidth.Value!.FileName);
    }

    [Fact]
    public async Task AFileWhoseNameLies_IsRefused()
    {
        var png = TestImages.Png(20, 20);

        var result = await Attachments.StageAsync(new MemoryStream(png), "scan.pdf", png.Length);

        Assert.Equal("“scan.pdf” is really a PNG image; rename it to .png or choose another file.", result.ErrorText);
    }

    [Fact]
    public async Task OverTheSizeLimit_IsRefused_EvenWhenTheClientUnderstatesTheSize()
    {
        var big = new byte[5 * 1024 * 1024 + 10];
        "%PDF-1.7\n"u8.CopyTo(big);

        var declared = await Attachments.StageAsync(new MemoryStream(big), "big.pdf", big.Length);
        var lied = await Attachments.StageAsync(new MemoryStream(big), "big.pdf", 1000);

        // Just over the limit both round to 5 MB, so the message does not claim "5 MB; at most 5 MB".
        Assert.Equal("“big.pdf” is larger than 5 MB, the most a file can be.", declared.ErrorText);
        Assert.Equal("“big.pdf” is larger than 5 MB, the most a file can be.", lied.ErrorText);
    }

    [Fact]
    public async Task MoreFilesThanTheLimit_AreRefused_AndNothingIsStored()
    {
        var customer = await factory.RegisterCustomerAsync("eleven@example.com");
        var files = new List<StagedFile>();
        for (var i = 0; i < 11; i++) files.Add(await StageAsync("hello"u8.ToArray(), $"note{i}.txt"));

        var result = await factory.Services.GetRequiredService<PortalService>().StartAsync(customer, "Many files", "see attached", files);

        Assert.Equal("You can attach at most 10 files to one message.", result.ErrorText);
        Assert.Empty(await factory.Services.GetRequiredService<PortalService>().ListAsync(customer));
    }

    [Fact]
    public async Task APixelFlood_IsRefusedFromItsHeader_WithoutDecoding()
    {
        var flood = TestImages.PixelFloodPng(60_000, 60_000);

        var result = await Attachments.StageAsync(new MemoryStream(flood), "tiny.png", flood.Length);

        Assert.Equal("“tiny.png” is 60,000 × 60,000 pixels (3,600 megapixels); images can be at most 50 megapixels.", result.ErrorText);
    }

    [Fact]
    public async Task Processing_MakesAThumbnail_AndACopyWithoutGps()
    {
        var photo = TestImages.Jpeg(1600, 1200, withGps: true);
        Assert.True(TestImages.HasExif(photo), "the test photo should carry EXIF");
        var (_, _, attachment) = await SendAsync(photo, "site.jpg", "gps@example.com");
        Assert.Equal(AttachmentState.Pending, attachment.State);
        Assert.Contains(attachment.Id, factory.Queue.Enqueued);

        await Processing.ProcessAsync(attachment.Id);

        var done = await ReloadAsync(attachment.Id);
        Assert.Equal(AttachmentState.Ready, done.State);
        var thumbnail = await ReadAsync(done.ThumbnailBlobKey!);
        Assert.Equal((320, 240), TestImages.Size(thumbnail));
        var display = await ReadAsync(done.CompressedBlobKey!);
        Assert.False(TestImages.HasExif(display), "the copy customers see must carry no EXIF (and so no GPS)");
        Assert.Equal((1600, 1200), (done.Width, done.Height));
        Assert.True(TestImages.HasExif(await ReadAsync(done.OriginalBlobKey!)), "the original is kept as it came");
    }

    [Fact]
    public async Task PhonePhotosStoredSideways_AreTurnedUpright()
    {
        var (_, _, attachment) = await SendAsync(TestImages.SidewaysJpeg(400, 200), "phone.jpg", "sideways@example.com");

        await Processing.ProcessAsync(attachment.Id);

        var done = await ReloadAsync(attachment.Id);
        Assert.Equal((200, 400), TestImages.Size(await ReadAsync(done.CompressedBlobKey!)));
        Assert.Equal((160, 320), TestImages.Size(await ReadAsync(done.ThumbnailBlobKey!)));
    }

    [Fact]
    public async Task ImagesOverTheThreshold_GetACompressedCopyThatFits()
    {
        var photo = TestImages.Jpeg(1400, 1000, quality: 95, noise: true);
        Assert.True(photo.Length > 1024 * 1024, $"the test photo is only {photo.Length} bytes");
        var (_, _, attachment) = await SendAsync(photo, "noisy.jpg", "big.photo@example.com");

        await Processing.ProcessAsync(attachment.Id);

        var display = await ReadAsync((await ReloadAsync(attachment.Id)).CompressedBlobKey!);
        Assert.True(display.Length <= 1024 * 1024, $"compressed copy is {display.Length} bytes");
    }

    [Fact]
    public async Task AFailure_KeepsTheOriginal_AndTheSweepRetriesIt()
    {
        var photo = TestImages.Jpeg(200, 100);
        var (_, _, attachment) = await SendAsync(photo, "later.jpg", "retry@example.com");
        // The original is briefly unreadable (storage hiccup): processing fails and says so.
        await Blobs.DeleteAsync(attachment.OriginalBlobKey!);
        await Processing.ProcessAsync(attachment.Id);
        var failed = await ReloadAsync(attachment.Id);
        Assert.Equal(AttachmentState.Failed, failed.State);
        Assert.Contains("the original can still be downloaded", failed.Error);

        await Blobs.PutAsync(attachment.OriginalBlobKey!, new MemoryStream(photo), "image/jpeg");
        var requeued = await Processing.RequeueStalledAsync();
        await Processing.ProcessAsync(attachment.Id);

        Assert.True(requeued >= 1);
        var ready = await ReloadAsync(attachment.Id);
        Assert.Equal(AttachmentState.Ready, ready.State);
        Assert.Equal(2, ready.ProcessingAttempts);
    }

    [Fact]
    public async Task Downloads_OnlyForTheConversationsParties()
    {
        var (customer, _, attachment) = await SendAsync("%PDF-1.7\n%%EOF\n"u8.ToArray(), "invoice.pdf", "owner@example.com");
        await factory.RegisterCustomerAsync("stranger@example.com");
        await factory.CreateUserAsync("files.agent@example.com", Roles.Agent);

        var owner = factory.CreateBrowserLikeClient();
        await owner.SignInAsync("owner@example.com", ConversationSeed.CustomerPassword);
        var stranger = factory.CreateBrowserLikeClient();
        await stranger.SignInAsync("stranger@example.com", ConversationSeed.CustomerPassword);
        var agent = factory.CreateBrowserLikeClient();
        await agent.SignInAsync("files.agent@example.com", "a long enough password");

        var mine = await owner.GetAsync($"/files/{attachment.Id}");
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        Assert.Equal("application/pdf", mine.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", mine.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/files/{attachment.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/files/{attachment.Id + 999}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync($"/files/{attachment.Id}/original")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await factory.CreateBrowserLikeClient().GetAsync($"/files/{attachment.Id}")).StatusCode);
        Assert.NotNull(customer);
    }

    [Fact]
    public async Task APhotoFromStaff_ReachesTheCustomerOnlyWithoutItsMetadata()
    {
        var customer = await factory.RegisterCustomerAsync("sees.copy@example.com");
        var id = await factory.StartRequestAsync(customer, "Where is the crew?");
        var agent = await factory.CreateUserAsync("photo.agent@example.com", Roles.Agent);
        var staged = await StageAsync(TestImages.Jpeg(640, 480, withGps: true), "crew-at-site.jpg");
        Assert.True((await factory.Services.GetRequiredService<ConversationService>().ReplyAsync(id, agent.Id, "Here they are", files: [staged])).Succeeded);
        await using (var db = await factory.CreateDbAsync())
        {
            var attachmentId = await db.Attachments.Where(a => a.Message!.ConversationId == id).Select(a => a.Id).SingleAsync();
            var client = factory.CreateBrowserLikeClient();
            await client.SignInAsync("sees.copy@example.com", ConversationSeed.CustomerPassword);

            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/files/{attachmentId}")).StatusCode);
            await Processing.ProcessAsync(attachmentId);
            var asked = await client.GetAsync($"/files/{attachmentId}/original");

            Assert.Equal("image/webp", asked.Content.Headers.ContentType?.MediaType);
            Assert.False(TestImages.HasExif(await asked.Content.ReadAsByteArrayAsync()));
        }
    }

    [Fact]
    public async Task APdf_IsADownloadOnly_InASandbox()
    {
        var pdf = "%PDF-1.4\n1 0 obj<< /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>endobj\ntrailer<<>>\n%%EOF\n"u8.ToArray();
        var (_, _, attachment) = await SendAsync(pdf, "quote.pdf", "pdf@example.com");
        var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync("pdf@example.com", ConversationSeed.CustomerPassword);

        var response = await client.GetAsync($"/files/{attachment.Id}");

        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.StartsWith("sandbox;", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task SvgAndHtml_AreDownloadsOnly_NeverInline_AndNamesAreEncoded()
    {
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"u8.ToArray();
        var (_, _, attachment) = await SendAsync(svg, "Zeichnung ü.svg", "svg@example.com");
        var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync("svg@example.com", ConversationSeed.CustomerPassword);

        var response = await client.GetAsync($"/files/{attachment.Id}");

        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal("\"Zeichnung ü.svg\"", disposition.FileNameStar is null ? null : $"\"{disposition.FileNameStar}\"");
        Assert.Contains("sandbox", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal(AttachmentState.Ready, attachment.State);
    }

    [Fact]
    public async Task BlobKeys_ContainNothingTheUserWrote()
    {
        var staged = await StageAsync("text"u8.ToArray(), "../../etc/passwd.txt");

        Assert.Equal("passwd.txt", staged.FileName);
        Assert.DoesNotContain("passwd", staged.BlobKey);
        Assert.True(BlobKeys.IsValid(staged.BlobKey));
    }

    private async Task<byte[]> ReadAsync(string key)
    {
        await using var stream = await Blobs.OpenReadAsync(key);
        Assert.NotNull(stream);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
