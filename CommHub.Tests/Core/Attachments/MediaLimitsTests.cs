using CommHub.Core.Attachments;
using CommHub.Core.Portal;
using CommHub.Infrastructure.Media;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CommHub.Tests.Core.Attachments;

/// <summary>The real image processor, watched: how often it decodes, and whether it "dies" while doing so.</summary>
public sealed class WatchedImageProcessor : IImageProcessor
{
    public IImageProcessor Inner { get; set; } = default!;

    /// <summary>Decoding stops the worker (as an out-of-memory kill or a host shutdown would): nothing after it runs.</summary>
    public bool Crash { get; set; }

    public int Decodes;

    public ImageHeader ReadHeader(Stream image) => Inner.ReadHeader(image);

    public ProcessedImage Thumbnail(Stream image, int size) => Decode(() => Inner.Thumbnail(image, size));

    public ProcessedImage Sanitize(Stream image, long maxBytes) => Decode(() => Inner.Sanitize(image, maxBytes));

    private ProcessedImage Decode(Func<ProcessedImage> work)
    {
        Interlocked.Increment(ref Decodes);
        if (Crash) throw new OperationCanceledException("The worker was stopped mid-decode.");
        return work();
    }
}

public sealed class WatchedMediaFactory : CommHubFactory
{
    public WatchedMediaFactory()
    {
        ConfigureServices = services =>
        {
            services.AddSingleton<IAttachmentQueue>(Queue);
            services.AddSingleton<IImageProcessor>(sp =>
            {
                Processor.Inner = new VipsImageProcessor(sp.GetRequiredService<IOptions<AttachmentOptions>>());
                return Processor;
            });
        };
    }

    public RecordingAttachmentQueue Queue { get; } = new();

    public WatchedImageProcessor Processor { get; } = new();
}

/// <summary>Images that would take the server down: counted when they crash it, refused from the header when too big.</summary>
public sealed class MediaLimitsTests(WatchedMediaFactory factory) : IClassFixture<WatchedMediaFactory>
{
    private AttachmentProcessingService Processing => factory.Services.GetRequiredService<AttachmentProcessingService>();

    private async Task<Attachment> UploadAsync(byte[] bytes, string name, string customerEmail)
    {
        var customer = await factory.RegisterCustomerAsync(customerEmail);
        var staged = await factory.Services.GetRequiredService<AttachmentService>().StageAsync(new MemoryStream(bytes), name, bytes.Length);
        Assert.True(staged.Succeeded, staged.ErrorText);
        var started = await factory.Services.GetRequiredService<PortalService>().StartAsync(customer, "With a file", "", [staged.Value!]);
        Assert.True(started.Succeeded, started.ErrorText);
        await using var db = await factory.CreateDbAsync();
        return await db.Attachments.SingleAsync(a => a.Message!.ConversationId == started.Value);
    }

    private async Task<Attachment> ReloadAsync(int id)
    {
        await using var db = await factory.CreateDbAsync();
        return await db.Attachments.AsNoTracking().SingleAsync(a => a.Id == id);
    }

    [Fact]
    public async Task ACrashDuringProcessing_CountsAnAttempt_AndAfterTheLimitTheImageIsFailed()
    {
        var attachment = await UploadAsync(TestImages.Jpeg(300, 200), "crashes.jpg", "crash@example.com");
        var limit = factory.Services.GetRequiredService<IOptions<AttachmentOptions>>().Value.MaxProcessingAttempts;
        factory.Processor.Crash = true;
        try
        {
            for (var attempt = 1; attempt <= limit; attempt++)
            {
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Processing.ProcessAsync(attachment.Id));
                var cut = await ReloadAsync(attachment.Id);
                Assert.Equal((AttachmentState.Pending, attempt), (cut.State, cut.ProcessingAttempts));
            }

            // The sweep finds it stalled and queues it again; this time it is not decoded at all, but Failed.
            await using (var db = await factory.CreateDbAsync())
                await db.Attachments.Where(a => a.Id == attachment.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.UpdatedAt, DateTime.UtcNow.AddHours(-1)));
            Assert.True(await Processing.RequeueStalledAsync() >= 1);
            var decodes = factory.Processor.Decodes;
            await Processing.ProcessAsync(attachment.Id);

            Assert.Equal(decodes, factory.Processor.Decodes);
            var failed = await ReloadAsync(attachment.Id);
            Assert.Equal((AttachmentState.Failed, limit), (failed.State, failed.ProcessingAttempts));
            Assert.Contains($"processing was cut off {limit} times", failed.Error);
            Assert.Contains("The original can still be downloaded.", failed.Error);
            Assert.Equal(0, await Processing.RequeueStalledAsync());
        }
        finally
        {
            factory.Processor.Crash = false;
        }
    }

    [Fact]
    public async Task AnImageWhoseHeaderNeedsMoreMemoryThanTheBudget_IsRefusedBeforeDecoding()
    {
        // 40 megapixels (under the pixel limit) of 16-bit RGBA: 8 bytes a pixel, 305 MB decoded, over the 256 MB budget.
        var heavy = TestImages.PixelFloodPng(8000, 5000, bitDepth: 16, colourType: 6);
        var attachment = await UploadAsync(heavy, "deep.png", "deep@example.com");
        var decodes = factory.Processor.Decodes;

        await Processing.ProcessAsync(attachment.Id);

        Assert.Equal(decodes, factory.Processor.Decodes);
        var refused = await ReloadAsync(attachment.Id);
        Assert.Equal(AttachmentState.Failed, refused.State);
        Assert.Equal(
            "The image is 8,000 × 5,000 pixels with 4 channel(s); opening it would take about 305 MB of memory, over the 256 MB allowed for one image, so it was not opened. The original can still be downloaded.",
            refused.Error);
        Assert.Equal(0, await Processing.RequeueStalledAsync());
    }

    [Fact]
    public async Task AnImageWithinTheBudget_IsDecodedAndReady()
    {
        var attachment = await UploadAsync(TestImages.Png(400, 300), "fine.png", "fine@example.com");
        var decodes = factory.Processor.Decodes;

        await Processing.ProcessAsync(attachment.Id);

        Assert.True(factory.Processor.Decodes > decodes);
        Assert.Equal(AttachmentState.Ready, (await ReloadAsync(attachment.Id)).State);
    }
}
