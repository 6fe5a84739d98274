using System.Text.Json.Nodes;
using CommHub.Core.Conversations;
using CommHub.Core.Outbox;
using CommHub.Core.Users;
using CommHub.Tests.Fakes;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CommHub.Tests.Fakes.TelegramUpdates;

namespace CommHub.Tests.Infrastructure.Telegram;

/// <summary>Agent replies through the outbox and the production client to the fake: splitting, topics, files, 429, 5xx and 403.</summary>
public sealed class TelegramSendTests() : TelegramSendTestsBase(onPostgres: false);

public sealed class TelegramSendTestsOnPostgres() : TelegramSendTestsBase(onPostgres: true);

public abstract class TelegramSendTestsBase : FakeTelegramTest
{
    private readonly JsonObject ann = User(3001, "Ann");
    private int channelId;
    private string agentId = "";

    protected TelegramSendTestsBase(bool onPostgres) : base(onPostgres: onPostgres)
    {
        // The test sends and processes files itself; the signal, the sweeps and the media jobs would only race it.
        Factory.StopSweeps();
        Factory.ConfigureServices = services => services
            .AddSingleton<IOutboxSignal, NoOutboxSignal>()
            .AddSingleton<CommHub.Core.Attachments.IAttachmentQueue, RecordingAttachmentQueue>();
    }

    public override async Task InitializeAsync()
    {
        channelId = await Telegram.AddChannelAsync(Factory);
        agentId = (await Factory.CreateUserAsync("tg.agent@example.com", Roles.Agent)).Id;
    }

    private OutboxService Outbox => Factory.Services.GetRequiredService<OutboxService>();

    private async Task<int> ConversationAsync(JsonObject message)
    {
        await Telegram.PushAsync(Update(message));
        await Factory.PollAsync(channelId);
        await using var db = await Factory.CreateDbAsync();
        return await db.Messages.Where(m => m.ChannelId == channelId).OrderByDescending(m => m.Id).Select(m => m.ConversationId).FirstAsync();
    }

    private Task<Message> ReplyAsync(int conversationId, string text, IReadOnlyList<CommHub.Core.Attachments.StagedFile>? files = null, int? answering = null) =>
        Factory.AgentReplyAsync(conversationId, agentId, text, files, answering);

    private Task<(Message Message, OutboxItem Item)> StateAsync(int messageId) => Factory.SendStateAsync(messageId);

    private Task MakeDueAsync() => Factory.MakeOutboxDueAsync();

    [Fact]
    public async Task AReply_ReachesTheChat_AndAnswersTheMessageItWasWrittenTo()
    {
        var conversation = await ConversationAsync(Message(PrivateChat(ann), ann, "Where is my parcel?", messageId: 321));
        int questionId;
        await using (var db = await Factory.CreateDbAsync())
            questionId = await db.Messages.Where(m => m.ExternalId == "3001:321").Select(m => m.Id).SingleAsync();
        var reply = await ReplyAsync(conversation, "It ships today.", answering: questionId);

        await Outbox.SendDueAsync();

        var sent = Assert.Single(Telegram.Sent);
        Assert.Equal(("sendMessage", "3001", "It ships today.", (int?)321, (int?)null), (sent.Method, sent.ChatId, sent.Text, sent.ReplyTo, sent.ThreadId));
        var (message, item) = await StateAsync(reply.Id);
        Assert.Equal((DeliveryStatus.Sent, OutboxState.Done), (message.DeliveryStatus, item.State));
        Assert.StartsWith("3001:", message.ExternalId);
    }

    [Fact]
    public async Task AReplyInAForumTopic_GoesToThatTopic()
    {
        var forum = Group(-100321, "Acme forum", forum: true);
        var conversation = await ConversationAsync(Message(forum, ann, "Bug!").InTopic(11, "Bugs"));

        await ReplyAsync(conversation, "Fixed.");
        await Outbox.SendDueAsync();

        var sent = Assert.Single(Telegram.Sent);
        Assert.Equal(("-100321", (int?)11), (sent.ChatId, sent.ThreadId));
    }

    [Fact]
    public async Task ADisabledChannel_SendsNothing_UntilItIsEnabledAgain()
    {
        var conversation = await ConversationAsync(Message(PrivateChat(ann), ann, "Anyone there?"));
        var channels = Factory.Services.GetRequiredService<CommHub.Core.Channels.ChannelService>();
        Assert.True((await channels.SetEnabledAsync(channelId, false, null)).Succeeded);
        var reply = await ReplyAsync(conversation, "Yes, here.");

        Assert.Equal(0, await Outbox.SendDueAsync());
        Assert.Empty(Telegram.Sent);
        Assert.Equal(OutboxState.Pending, (await StateAsync(reply.Id)).Item.State);

        Assert.True((await channels.SetEnabledAsync(channelId, true, null)).Succeeded);
        await Outbox.SendDueAsync();
        Assert.Equal("Yes, here.", Assert.Single(Telegram.Sent).Text);
    }

    [Fact]
    public async Task AnsweringAMessageOfAnotherConversation_IsRefused_AndNothingIsStored()
    {
        var first = await ConversationAsync(Message(PrivateChat(ann), ann, "First question", messageId: 401));
        var other = await ConversationAsync(Message(PrivateChat(User(3002, "Ben")), User(3002, "Ben"), "Other question", messageId: 402));
        int otherMessage;
        await using (var db = await Factory.CreateDbAsync())
            otherMessage = await db.Messages.Where(m => m.ConversationId == other).Select(m => m.Id).SingleAsync();

        var result = await Factory.Services.GetRequiredService<ConversationService>().ReplyAsync(first, agentId, "Answer", replyToMessageId: otherMessage);

        Assert.Equal("The message you are answering is not in this conversation any more.", result.ErrorText);
        await using var check = await Factory.CreateDbAsync();
        Assert.False(await check.Messages.AnyAsync(m => m.ConversationId == first && m.Direction == MessageDirection.Outbound));
    }

    [Fact]
    public async Task TextOver4096Characters_IsSplitAtParagraphs_IntoMessagesThatEachFit()
    {
        var conversation = await ConversationAsync(Message(PrivateChat(ann), ann, "Tell me everything"));
        var paragraphs = Enumerable.Range(1, 3).Select(i => $"Part {i}: " + string.Join(' ', Enumerable.Repeat("word", 600))).ToList();
        await ReplyAsync(conversation, string.Join("\n\n", paragraphs));

        await Outbox.SendDueAsync();

        var texts = Telegram.Sent.Select(s => s.Text!).ToList();
        Assert.Equal(paragraphs, texts);
        Assert.All(texts, t => Assert.True(t.Length <= 4096));
    }

    [Fact]
    public async Task ASplitMessageStoppedPartway_ResumesAfterThePartsAlreadySent_SoNoneArrivesTwice()
    {
        var conversation = await ConversationAsync(Message(PrivateChat(ann), ann, "Tell me everything"));
        var paragraphs = Enumerable.Range(1, 3).Select(i => $"Part {i}: " + string.Join(' ', Enumerable.Repeat("word", 600))).ToList();
        Telegram.SendsBeforeFailures = 1;
        Telegram.SendFailures.Enqueue((500, null));
        var reply = await ReplyAsync(conversation, string.Join("\n\n", paragraphs));

        await Outbox.SendDueAsync();
        var (stopped, item) = await StateAsync(reply.Id);
        Assert.Equal((OutboxState.Pending, 1), (item.State, item.PartsSent));
        Assert.NotNull(stopped.ExternalId);

        await MakeDueAsync();
        await Outbox.SendDueAsync();

        var (message, done) = await StateAsync(reply.Id);
        Assert.Equal((DeliveryStatus.Sent, OutboxState.Done, 3), (message.DeliveryStatus, done.State, done.PartsSent));
        Assert.Equal(paragraphs, Telegram.Sent.Select(s => s.Text!));
        Assert.Equal(stopped.ExternalId, message.ExternalId);
    }

    [Fact]
    public async Task AnImageGoesAsAPhoto_AsTheCleanedCopyWithoutGps_AndAPdfAsADocument_UploadedNotLinked()
    {
        var conversation = await ConversationAsync(Message(PrivateChat(ann), ann, "Send me the invoice"));
        var attachments = Factory.Services.GetRequiredService<CommHub.Core.Attachments.AttachmentService>();
        var jpeg = TestImages.Jpeg(400, 300, withGps: true);
        var pdf = "%PDF-1.4\n% invoice\n"u8.ToArray();
        var photo = (await attachments.StageAsync(new MemoryStream(jpeg), "label.jpg", jpeg.Length)).Value!;
        var document = (await attachments.StageAsync(new MemoryStream(pdf), "invoice.pdf", pdf.Length)).Value!;
        var reply = await ReplyAsync(conversation, "Here you are", [photo, document]);

        // The photo's cleaned copy is not made yet: the send waits for it rather than sending the original.
        await Outbox.SendDueAsync();
        var (waiting, _) = await StateAsync(reply.Id);
        Assert.Equal(DeliveryStatus.Pending, waiting.DeliveryStatus);
        Assert.Empty(Telegram.Sent);

        var processing = Factory.Services.GetRequiredService<CommHub.Core.Attachments.AttachmentProcessingService>();
        await using (var db = await Factory.CreateDbAsync())
            foreach (var id in await db.Attachments.Where(a => a.MessageId == reply.Id).Select(a => a.Id).ToListAsync())
                await processing.ProcessAsync(id);
        await MakeDueAsync();
        await Outbox.SendDueAsync();

        var (message, item) = await StateAsync(reply.Id);
        Assert.Equal((DeliveryStatus.Sent, null), (message.DeliveryStatus, item.LastError));
        var sent = Telegram.Sent.ToList();
        Assert.Equal(["sendMessage", "sendPhoto", "sendDocument"], sent.Select(s => s.Method));
        Assert.True(TestImages.HasExif(jpeg), "the staff photo should carry EXIF with GPS");
        Assert.False(TestImages.HasExif(sent[1].File!), "the photo Telegram receives must carry no EXIF (and so no GPS)");
        Assert.Equal("invoice.pdf", sent[2].FileName);
        Assert.Equal(pdf, sent[2].File);
    }

    [Fact]
    public async Task TooManyRequests_WaitsRetryAfter_ServerErrorsBackOff_ThenItSends()
    {
        var conversation = await ConversationAsync(Message(PrivateChat(ann), ann, "Hello?"));
        Telegram.SendFailures.Enqueue((429, 7));
        Telegram.SendFailures.Enqueue((500, null));
        var reply = await ReplyAsync(conversation, "Eventually");

        var before = DateTime.UtcNow;
        await Outbox.SendDueAsync();
        var (_, limited) = await StateAsync(reply.Id);
        Assert.Equal(OutboxState.Pending, limited.State);
        Assert.InRange((limited.NextAttemptAt - before).TotalSeconds, 6, 9);
        Assert.Contains("retry after 7", limited.LastError);
        Assert.Equal(0, await Outbox.SendDueAsync());

        await MakeDueAsync();
        await Outbox.SendDueAsync();
        var (_, serverError) = await StateAsync(reply.Id);
        Assert.Equal((OutboxState.Pending, 2), (serverError.State, serverError.Attempts));
        Assert.Contains("500", serverError.LastError);

        await MakeDueAsync();
        await Outbox.SendDueAsync();
        var (message, done) = await StateAsync(reply.Id);
        Assert.Equal((DeliveryStatus.Sent, OutboxState.Done, 3), (message.DeliveryStatus, done.State, done.Attempts));
        Assert.Single(Telegram.Sent);
    }

    [Fact]
    public async Task ABlockedBot_FailsTheMessageAtOnce_WithAClearReason()
    {
        var conversation = await ConversationAsync(Message(PrivateChat(ann), ann, "Bye"));
        Telegram.SendFailures.Enqueue((403, null));
        var reply = await ReplyAsync(conversation, "Are you still there?");

        await Outbox.SendDueAsync();

        var (message, item) = await StateAsync(reply.Id);
        Assert.Equal((DeliveryStatus.Failed, OutboxState.Failed, 1), (message.DeliveryStatus, item.State, item.Attempts));
        Assert.Contains("the bot was blocked by this person or removed from the chat", message.DeliveryError);
        Assert.Empty(Telegram.Sent);
    }
}
