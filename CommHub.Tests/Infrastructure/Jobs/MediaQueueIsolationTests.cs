using CommHub.Core.Attachments;
using CommHub.Core.Conversations;
using CommHub.Core.Users;
using CommHub.Infrastructure.Media;
using CommHub.Tests.Fakes;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static CommHub.Tests.Fakes.TelegramUpdates;

namespace CommHub.Tests.Infrastructure.Jobs;

/// <summary>
/// Image work has its own queue and worker: while every media worker is busy (here: held on purpose, as a flood of image
/// bombs would hold it), an agent's reply is still sent through the app's own jobs.
/// </summary>
public sealed class MediaQueueIsolationTests : FakeTelegramTest
{
    private readonly HeldImageProcessor images = new();

    public MediaQueueIsolationTests() => Factory.ConfigureServices = services =>
        services.AddSingleton<IImageProcessor>(sp => images.Around(new VipsImageProcessor(sp.GetRequiredService<IOptions<AttachmentOptions>>())));

    [Fact]
    public async Task WhileTheMediaWorkerIsBusy_AReplyIsStillSent()
    {
        var channelId = await Telegram.AddChannelAsync(Factory);
        var agentId = (await Factory.CreateUserAsync("busy.media@example.com", Roles.Agent)).Id;
        var ann = User(3101, "Ann");
        await Telegram.PushAsync(Update(Message(PrivateChat(ann), ann, "Photos coming")));
        await Factory.PollAsync(channelId);
        int conversationId;
        await using (var db = await Factory.CreateDbAsync())
            conversationId = await db.Conversations.Where(c => c.ChannelId == channelId).Select(c => c.Id).SingleAsync();

        // A staff note with three photos: their processing takes the media worker, which is held there.
        var attachments = Factory.Services.GetRequiredService<AttachmentService>();
        var photos = new List<StagedFile>();
        for (var i = 0; i < 3; i++)
        {
            var jpeg = TestImages.Jpeg(800, 600);
            photos.Add((await attachments.StageAsync(new MemoryStream(jpeg), $"site{i}.jpg", jpeg.Length)).Value!);
        }
        await Factory.Services.GetRequiredService<ConversationService>().ReplyAsync(conversationId, agentId, "Photos for the file", privateNote: true, files: photos);
        Assert.True(await images.Started.WaitAsync(TimeSpan.FromSeconds(60)), "the media worker never started on the photos");

        var reply = await Factory.AgentReplyAsync(conversationId, agentId, "We are on our way.");

        // The reply goes out through the default queue's workers while the image work is still held.
        await WaitUntilAsync(async () =>
        {
            await using var db = await Factory.CreateDbAsync();
            return await db.Messages.AnyAsync(m => m.Id == reply.Id && m.DeliveryStatus == DeliveryStatus.Sent);
        });
        Assert.Contains(Telegram.Sent, s => s.Text == "We are on our way.");
        await using (var db = await Factory.CreateDbAsync())
            Assert.True(await db.Attachments.AnyAsync(a => a.Message!.ConversationId == conversationId && a.State == AttachmentState.Pending),
                "the photos should still be waiting for the held media worker");
        images.Release();
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, "the reply was not sent within a minute while the media worker was busy");
            await Task.Delay(100);
        }
    }

    /// <summary>The real processor, whose work waits until the test lets it go.</summary>
    private sealed class HeldImageProcessor
    {
        private readonly SemaphoreSlim gate = new(0);

        public SemaphoreSlim Started { get; } = new(0);

        public void Release() => gate.Release(int.MaxValue / 2);

        public IImageProcessor Around(IImageProcessor inner) => new Held(inner, this);

        private sealed class Held(IImageProcessor inner, HeldImageProcessor owner) : IImageProcessor
        {
            // Staging reads headers too; only the processing (thumbnail, cleaned copy) is held.
            public ImageHeader ReadHeader(Stream image) => inner.ReadHeader(image);

            public ProcessedImage Thumbnail(Stream image, int size)
            {
                Hold();
                return inner.Thumbnail(image, size);
            }

            public ProcessedImage Sanitize(Stream image, long maxBytes)
            {
                Hold();
                return inner.Sanitize(image, maxBytes);
            }

            private void Hold()
            {
                owner.Started.Release();
                owner.gate.Wait(TimeSpan.FromMinutes(2));
            }
        }
    }
}
