using System.Text.Json.Nodes;
using CommHub.Core.Attachments;
using CommHub.Core.Channels;
using CommHub.Core.Contacts;
using CommHub.Core.Conversations;
using CommHub.Infrastructure.Telegram;
using CommHub.Tests.Fakes;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CommHub.Tests.Fakes.TelegramUpdates;

namespace CommHub.Tests.Infrastructure.Telegram;

/// <summary>Updates brought in by getUpdates, through the production client and the real ingest, into a real SQLite file.</summary>
public sealed class TelegramPollingTests : FakeTelegramTest
{
    private readonly JsonObject ann = User(1001, "Ann", "Lee", "annlee");
    private int channelId;

    public override async Task InitializeAsync() => channelId = await Telegram.AddChannelAsync(Factory);

    private async Task<TelegramPollResult> PollAsync()
    {
        var result = await Factory.PollAsync(channelId);
        Assert.Equal(TelegramPollOutcome.Polled, result.Outcome);
        return result;
    }

    private async Task<Message> LastMessageAsync()
    {
        await using var db = await Factory.CreateDbAsync();
        return await db.Messages.Include(m => m.Attachments).Include(m => m.Conversation)
            .Where(m => m.ChannelId == channelId && m.Direction == MessageDirection.Inbound).OrderByDescending(m => m.Id).FirstAsync();
    }

    [Fact]
    public async Task ABotWithoutAToken_IsShownFailing_WithWhatToDo()
    {
        await using (var db = await Factory.CreateDbAsync())
            await db.Channels.Where(c => c.Id == channelId).ExecuteUpdateAsync(s => s.SetProperty(c => c.ProtectedSecrets, (string?)null));

        var result = await Factory.PollAsync(channelId);

        Assert.Equal(TelegramPollOutcome.Failed, result.Outcome);
        var channel = await Factory.ChannelAsync(channelId);
        Assert.Equal(ChannelStatus.Error, channel.Status);
        Assert.Equal("This bot has no token: delete it and add the bot again with the token @BotFather gave you.", channel.LastError);
    }

    [Fact]
    public async Task APrivateMessage_BecomesAConversation_WithTheSenderAsContact_AndTheOffsetMovesOn()
    {
        var update = await Telegram.PushAsync(Update(Message(PrivateChat(ann), ann, "My order has not arrived", messageId: 77)));

        var result = await PollAsync();

        Assert.Equal(1, result.Stored);
        var message = await LastMessageAsync();
        Assert.Equal("My order has not arrived", message.Text);
        Assert.Equal("1001:77", message.ExternalId);
        Assert.Equal("Ann Lee", message.SenderName);
        Assert.Equal("1001", message.Conversation!.ExternalThreadKey);
        await using var db = await Factory.CreateDbAsync();
        var identity = await db.ContactIdentities.Include(i => i.Contact).SingleAsync(i => i.Kind == IdentityKind.Telegram && i.Value == "1001");
        Assert.Equal(("Ann Lee", "@annlee"), (identity.Contact!.Name, identity.DisplayHandle));
        Assert.Equal(identity.ContactId, message.SenderContactId);
        Assert.Equal(identity.ContactId, message.Conversation.ContactId);
        var channel = await Factory.ChannelAsync(channelId);
        Assert.Equal((update + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), channel.SyncCursor);
        Assert.NotNull(channel.LastInboundAt);

        // The next poll confirms the offset: Telegram forgets the update.
        await PollAsync();
        Assert.Equal(0, Telegram.PendingCount);
    }

    [Fact]
    public async Task TheSameUpdateDeliveredTwice_OrTheSameMessageInTwoUpdates_IsStoredOnce()
    {
        Telegram.DuplicateEveryUpdate = true;
        var message = Message(PrivateChat(ann), ann, "Hello twice", messageId: 12);
        await Telegram.PushAsync(Update(message));
        await Telegram.PushAsync(Update(message.DeepClone().AsObject()));

        var first = await PollAsync();
        // A crash before the offset was saved: the same page is read again.
        await using (var db = await Factory.CreateDbAsync())
            await db.Channels.Where(c => c.Id == channelId).ExecuteUpdateAsync(s => s.SetProperty(c => c.SyncCursor, (string?)null));
        await Telegram.PushAsync(Update(message.DeepClone().AsObject()));
        var second = await PollAsync();

        Assert.Equal((1, 0), (first.Stored, second.Stored));
        await using var check = await Factory.CreateDbAsync();
        Assert.Equal(1, await check.Messages.CountAsync(m => m.ChannelId == channelId && m.ExternalId == "1001:12"));
    }

    [Fact]
    public async Task TextEntities_AreRenderedAsSafeHtml_AndRawHtmlIsOnlyText()
    {
        const string text = "Hi <script>alert(1)</script> bold site evil";
        var message = Message(PrivateChat(ann), ann, text)
            .WithEntity("bold", 29, 4)
            .WithEntity("text_link", 34, 4, url: "https://acme.example/help")
            .WithEntity("text_link", 39, 4, url: "javascript:alert(2)");
        await Telegram.PushAsync(Update(message));

        await PollAsync();

        var stored = await LastMessageAsync();
        Assert.Equal(text, stored.Text);
        Assert.Equal("Hi &lt;script&gt;alert(1)&lt;/script&gt; <b>bold</b> <a href=\"https://acme.example/help\" rel=\"noopener noreferrer\" target=\"_blank\">site</a> evil",
            stored.SanitizedHtml);
    }

    [Fact]
    public async Task APhoto_IsFetchedAtItsLargestSize_WithItsCaption_AndGoesToTheMediaPipeline()
    {
        var large = TestImages.Jpeg(320, 240);
        var small = Telegram.AddFile(TestImages.Jpeg(32, 24), "photos/small.jpg");
        var big = Telegram.AddFile(large, "photos/big.jpg");
        var message = Message(PrivateChat(ann), ann);
        message["photo"] = new JsonArray(File(small, 600, 32, 24), File(big, large.Length, 320, 240));
        message["caption"] = "The broken part";
        await Telegram.PushAsync(Update(message));

        await PollAsync();

        var stored = await LastMessageAsync();
        Assert.Equal("The broken part", stored.Text);
        var photo = Assert.Single(stored.Attachments);
        Assert.Equal(("image/jpeg", (long)large.Length), (photo.ContentType, photo.Size));
        Assert.NotEqual(AttachmentState.Unavailable, photo.State);
        Assert.Contains("getFile", Telegram.Calls);
    }

    [Theory]
    [InlineData("document", "report.pdf", "application/pdf")]
    [InlineData("voice", null, "audio/ogg")]
    [InlineData("audio", "song.mp3", "audio/mpeg")]
    [InlineData("video", "clip.mp4", "video/mp4")]
    [InlineData("video_note", null, "video/mp4")]
    [InlineData("sticker", null, "image/webp")]
    public async Task EveryKindOfFile_IsFetchedIntoTheAttachmentStore(string kind, string? fileName, string contentType)
    {
        byte[] bytes = contentType switch
        {
            "application/pdf" => "%PDF-1.4\n% a tiny pdf\n"u8.ToArray(),
            "audio/ogg" => [.. "OggS"u8, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0],
            "audio/mpeg" => [.. "ID3"u8, 3, 0, 0, 0, 0, 0, 0],
            "video/mp4" => [0, 0, 0, 24, .. "ftypisom"u8, 0, 0, 2, 0],
            _ => NetVips.Image.Black(16, 16, bands: 3).WebpsaveBuffer(),
        };
        var fileId = Telegram.AddFile(bytes, $"files/{kind}");
        var message = Message(PrivateChat(ann), ann);
        var file = File(fileId, bytes.Length, fileName: fileName);
        if (kind == "sticker")
        {
            file["type"] = "regular";
            file["width"] = 16;
            file["height"] = 16;
            file["is_animated"] = false;
            file["is_video"] = false;
            file["emoji"] = "👍";
        }
        if (kind is "voice" or "audio" or "video" or "video_note") file["duration"] = 3;
        if (kind is "video") (file["width"], file["height"]) = (16, 16);
        if (kind is "video_note") file["length"] = 16;
        message[kind] = file;
        await Telegram.PushAsync(Update(message));

        await PollAsync();

        var stored = await LastMessageAsync();
        var attachment = Assert.Single(stored.Attachments);
        Assert.Equal(contentType, attachment.ContentType);
        Assert.NotEqual(AttachmentState.Unavailable, attachment.State);
        if (fileName is not null) Assert.Equal(fileName, attachment.FileName);
        if (kind == "sticker") Assert.Equal("👍", stored.Text);
    }

    [Fact]
    public async Task AFileOverTwentyMegabytes_IsShownAsTooLargeToFetch_AndTheMessageIsStored()
    {
        var fileId = Telegram.AddFile([1, 2, 3], "files/huge.zip", declaredSize: 25L * 1024 * 1024);
        var message = Message(PrivateChat(ann), ann);
        message["document"] = File(fileId, 25L * 1024 * 1024, fileName: "huge.zip");
        message["caption"] = "the logs";
        await Telegram.PushAsync(Update(message));

        await PollAsync();

        var stored = await LastMessageAsync();
        Assert.Equal("the logs", stored.Text);
        var attachment = Assert.Single(stored.Attachments);
        Assert.Equal(AttachmentState.Unavailable, attachment.State);
        Assert.StartsWith("Too large to fetch (25 MB)", attachment.Error);
    }

    [Fact]
    public async Task LocationVenueAndContactCards_AreShownWithAMapLink()
    {
        var location = Message(PrivateChat(ann), ann);
        location["location"] = new JsonObject { ["latitude"] = 52.52, ["longitude"] = 13.405 };
        var venue = Message(PrivateChat(ann), ann);
        venue["venue"] = new JsonObject
        {
            ["location"] = new JsonObject { ["latitude"] = 48.8584, ["longitude"] = 2.2945 },
            ["title"] = "Eiffel Tower",
            ["address"] = "Champ de Mars, Paris",
        };
        var card = Message(PrivateChat(ann), ann);
        card["contact"] = new JsonObject { ["phone_number"] = "+4930123456", ["first_name"] = "Bob", ["last_name"] = "Smith" };
        foreach (var m in new[] { location, venue, card }) await Telegram.PushAsync(Update(m));

        await PollAsync();

        await using var db = await Factory.CreateDbAsync();
        var messages = await db.Messages.Where(m => m.ChannelId == channelId).OrderBy(m => m.Id).ToListAsync();
        Assert.Equal(3, messages.Count);
        Assert.Equal((52.52, 13.405), (messages[0].Latitude!.Value, messages[0].Longitude!.Value));
        Assert.Contains("https://www.openstreetmap.org/?mlat=52.52&mlon=13.405", messages[0].Text);
        Assert.Equal("Eiffel Tower", messages[1].LocationName);
        Assert.Contains("📍 Eiffel Tower, Champ de Mars, Paris", messages[1].Text);
        Assert.Contains("https://www.openstreetmap.org/?mlat=48.8584&mlon=2.2945", messages[1].Text);
        Assert.Equal("👤 Contact: Bob Smith, +4930123456", messages[2].Text);
    }

    [Fact]
    public async Task InAGroup_EverySenderIsAContact_AndTheConversationBelongsToTheGroup()
    {
        var bob = User(1002, "Bob");
        var group = Group(-100500, "Acme customers");
        await Telegram.PushAsync(Update(Message(group, ann, "Is the shop open?")));
        await Telegram.PushAsync(Update(Message(group, bob, "Same question")));

        await PollAsync();

        await using var db = await Factory.CreateDbAsync();
        var conversation = await db.Conversations.Include(c => c.Contact).Include(c => c.Messages).SingleAsync(c => c.ChannelId == channelId);
        Assert.Equal(("Acme customers", "-100500", "Acme customers"), (conversation.Subject, conversation.ExternalThreadKey, conversation.Contact!.Name));
        var senders = conversation.Messages.OrderBy(m => m.Id).Select(m => (m.SenderName, m.SenderContactId)).ToList();
        var annId = await db.ContactIdentities.Where(i => i.Value == "1001").Select(i => i.ContactId).SingleAsync();
        var bobId = await db.ContactIdentities.Where(i => i.Value == "1002").Select(i => i.ContactId).SingleAsync();
        Assert.Equal([("Ann Lee", (int?)annId), ("Bob", bobId)], senders);
    }

    [Fact]
    public async Task EachForumTopic_IsItsOwnConversation_NamedAfterTheTopic()
    {
        var forum = Group(-100900, "Acme forum", forum: true);
        await Telegram.PushAsync(Update(Message(forum, ann, "Invoice is wrong").InTopic(7, "Billing")));
        await Telegram.PushAsync(Update(Message(forum, ann, "App crashes").InTopic(9, "Bugs")));
        await Telegram.PushAsync(Update(Message(forum, ann, "Second invoice too").InTopic(7, "Billing")));
        await Telegram.PushAsync(Update(Message(forum, ann, "General chatter")));

        await PollAsync();

        await using var db = await Factory.CreateDbAsync();
        var conversations = await db.Conversations.Where(c => c.ChannelId == channelId).OrderBy(c => c.Id)
            .Select(c => new { c.Subject, c.ExternalThreadKey, Count = c.Messages.Count }).ToListAsync();
        Assert.Equal(
            [("Billing", "-100900:7", 2), ("Bugs", "-100900:9", 1), ("Acme forum", "-100900", 1)],
            conversations.Select(c => (c.Subject, c.ExternalThreadKey!, c.Count)));
    }

    [Fact]
    public async Task AReplyPointsAtTheMessageItAnswers_AndTheThreadQuotesIt_ButTopicMessagesAreNotReplies()
    {
        await Telegram.PushAsync(Update(Message(PrivateChat(ann), ann, "My order 1234 is late", messageId: 500)));
        await PollAsync();
        var answer = Message(PrivateChat(ann), ann, "Any news?", messageId: 501);
        answer["reply_to_message"] = Message(PrivateChat(ann), ann, "My order 1234 is late", messageId: 500);
        await Telegram.PushAsync(Update(answer));
        var forum = Group(-100901, "Acme forum", forum: true);
        await Telegram.PushAsync(Update(Message(forum, ann, "In a topic").InTopic(12, "Orders")));
        await PollAsync();

        await using var db = await Factory.CreateDbAsync();
        var asked = await db.Messages.SingleAsync(m => m.ChannelId == channelId && m.ExternalId == "1001:500");
        var reply = await db.Messages.SingleAsync(m => m.ChannelId == channelId && m.ExternalId == "1001:501");
        var inTopic = await db.Messages.SingleAsync(m => m.ChannelId == channelId && m.Text == "In a topic");
        Assert.Equal((asked.Id, (int?)null), (reply.ReplyToMessageId!.Value, inTopic.ReplyToMessageId));

        var thread = await Factory.Services.GetRequiredService<ConversationService>().GetThreadAsync(reply.ConversationId);
        var quoted = thread!.Messages.Single(m => m.Id == reply.Id).ReplyTo;
        Assert.Equal(new QuotedMessage(asked.Id, "Ann Lee", "My order 1234 is late"), quoted);
    }

    [Fact]
    public async Task ARenamedTopic_RenamesItsConversation_AndStoresNoMessage()
    {
        var forum = Group(-100902, "Acme forum", forum: true);
        await Telegram.PushAsync(Update(Message(forum, ann, "Invoice is wrong").InTopic(7, "Billing")));
        await PollAsync();
        var renamed = Message(forum, ann);
        renamed["message_thread_id"] = 7;
        renamed["is_topic_message"] = true;
        renamed["forum_topic_edited"] = new JsonObject { ["name"] = "Payments" };
        await Telegram.PushAsync(Update(renamed));

        var result = await PollAsync();

        Assert.Equal(0, result.Stored);
        await using var db = await Factory.CreateDbAsync();
        var conversation = await db.Conversations.SingleAsync(c => c.ChannelId == channelId && c.ExternalThreadKey == "-100902:7");
        Assert.Equal(("Payments", 1), (conversation.Subject, await db.Messages.CountAsync(m => m.ConversationId == conversation.Id)));
    }

    [Fact]
    public async Task Hashtags_BecomeLabelsOnTheConversation()
    {
        await Telegram.PushAsync(Update(Message(PrivateChat(ann), ann, "Refund please #billing #Urgent").WithEntity("hashtag", 14, 8).WithEntity("hashtag", 23, 7)));
        await Telegram.PushAsync(Update(Message(PrivateChat(ann), ann, "still #billing").WithEntity("hashtag", 6, 8)));

        await PollAsync();

        await using var db = await Factory.CreateDbAsync();
        var conversation = await db.Conversations.Include(c => c.Labels).SingleAsync(c => c.ChannelId == channelId);
        Assert.Equal(["billing", "urgent"], conversation.Labels.Select(l => l.Name).Order());
    }

    [Fact]
    public async Task AnEditedMessage_UpdatesTheStoredOne_AndMarksItEdited()
    {
        var original = Message(PrivateChat(ann), ann, "Teh printer", messageId: 40);
        await Telegram.PushAsync(Update(original));
        await PollAsync();
        var edited = original.DeepClone().AsObject();
        edited["text"] = "The printer";
        edited["edit_date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await Telegram.PushAsync(Update(edited, "edited_message"));

        await PollAsync();

        await using var db = await Factory.CreateDbAsync();
        var message = await db.Messages.SingleAsync(m => m.ChannelId == channelId);
        Assert.Equal("The printer", message.Text);
        Assert.NotNull(message.EditedAt);
    }

    [Fact]
    public async Task AChannelPost_IsStored_WithTheChannelAsSender()
    {
        var news = new JsonObject { ["id"] = -100777, ["type"] = "channel", ["title"] = "Acme news" };
        await Telegram.PushAsync(Update(Message(news, null, "We are live"), "channel_post"));

        await PollAsync();

        var message = await LastMessageAsync();
        Assert.Equal(("We are live", "Acme news", "-100777"), (message.Text, message.SenderName, message.Conversation!.ExternalThreadKey));
    }

    [Fact]
    public async Task AnAnonymousGroupAdmin_WritesAsTheGroup_NotAsThePlaceholderUserGroup()
    {
        var group = Group(-100600, "Acme support group");
        // What Telegram sends: "from" is the placeholder bot user, "sender_chat" the group itself.
        var message = Message(group, User(1087968824, "Group", username: "GroupAnonymousBot"), "Posted anonymously");
        message["sender_chat"] = group.DeepClone();
        await Telegram.PushAsync(Update(message));

        await PollAsync();

        var stored = await LastMessageAsync();
        Assert.Equal("Acme support group", stored.SenderName);
        await using var db = await Factory.CreateDbAsync();
        Assert.False(await db.ContactIdentities.AnyAsync(i => i.Value == "1087968824"));
    }

    [Fact]
    public async Task AMessageDatedZero_IsDatedWhenItArrived_NotIn1970()
    {
        var message = Message(PrivateChat(ann), ann, "No date");
        message["date"] = 0;
        var before = DateTime.UtcNow.AddMinutes(-1);
        await Telegram.PushAsync(Update(message));

        await PollAsync();

        var stored = await LastMessageAsync();
        Assert.InRange(stored.CreatedAt, before, DateTime.UtcNow.AddMinutes(1));
        Assert.InRange(stored.Conversation!.LastActivityAt, before, DateTime.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task AnAnimatedSticker_WithItsThumbnailOnlyInTheLegacyThumbField_KeepsIt()
    {
        var still = NetVips.Image.Black(16, 16, bands: 3).WebpsaveBuffer();
        var thumbId = Telegram.AddFile(still, "thumbnails/sticker.webp");
        var sticker = File("animated-1", 4000, width: 512, height: 512);
        (sticker["type"], sticker["is_animated"], sticker["is_video"], sticker["emoji"]) = ("regular", true, false, "🎉");
        sticker["thumb"] = File(thumbId, still.Length, width: 16, height: 16);
        var message = Message(PrivateChat(ann), ann);
        message["sticker"] = sticker;
        await Telegram.PushAsync(Update(message));

        await PollAsync();

        var stored = await LastMessageAsync();
        var attachment = Assert.Single(stored.Attachments);
        Assert.Equal("image/webp", attachment.ContentType);
        Assert.Equal("🎉", stored.Text);
    }

    [Fact]
    public async Task StartWithoutABotCommandEntity_IsStillTheStartCommand()
    {
        await Telegram.PushAsync(Update(Message(PrivateChat(ann), ann, "/start")));

        await PollAsync();

        // The greeting is the bot's answer to /start.
        await using var db = await Factory.CreateDbAsync();
        Assert.True(await db.Messages.AnyAsync(m => m.ChannelId == channelId && m.Direction == MessageDirection.Outbound && m.SenderKind == SenderKind.Bot));
    }

    [Fact]
    public async Task AMalformedUpdate_IsCountedOnTheChannel_AndSkipped_WhileTheOthersAreStored()
    {
        await Telegram.PushAsync(Update(Message(PrivateChat(ann), ann, "before")));
        await Telegram.PushRawAsync("{\"update_id\": 999999, \"message\": {\"message_id\": \"not a number\", \"chat\": 5}}");
        await Telegram.PushAsync(new JsonObject { ["message"] = new JsonObject { ["message_id"] = 3, ["date"] = 1, ["text"] = "no chat" } });
        await Telegram.PushAsync(Update(Message(PrivateChat(ann), ann, "after")));

        var result = await PollAsync();

        Assert.Equal(2, result.Stored);
        var channel = await Factory.ChannelAsync(channelId);
        Assert.Equal(2, channel.ErrorCount);
        Assert.StartsWith("Skipped a malformed update from Telegram", channel.LastError);
        Assert.Equal(ChannelStatus.Active, channel.Status);
        await PollAsync();
        Assert.Equal(0, Telegram.PendingCount);
    }

    [Fact]
    public async Task APoisonedUpdate_WithEntitiesPastTheEnd_IsCountedAndSkipped_AndTheNextUpdatesArrive()
    {
        // A URL entity past the end made the reader take a substring out of range: the page threw, the cursor never moved.
        await Telegram.PushAsync(Update(Message(PrivateChat(ann), ann, "short").WithEntity("url", 2, 40).WithEntity("hashtag", 4, 9)));
        await Telegram.PushAsync(Update(Message(PrivateChat(ann), ann, "next one")));

        var result = await PollAsync();

        Assert.Equal(TelegramPollOutcome.Polled, result.Outcome);
        Assert.Equal(2, result.Stored);
        var message = await LastMessageAsync();
        Assert.Equal("next one", message.Text);
        await PollAsync();
        Assert.Equal(0, Telegram.PendingCount);
    }

    [Fact]
    public async Task UpdateIds_AsANumericString_OrPast32Bits_AreAccepted()
    {
        var asString = Update(Message(PrivateChat(ann), ann, "id as a string"));
        asString["update_id"] = "123";
        var wide = Update(Message(PrivateChat(ann), ann, "id past 32 bits"));
        wide["update_id"] = 5_000_000_000L;
        await Telegram.PushRawAsync(asString.ToJsonString());
        await Telegram.PushRawAsync(wide.ToJsonString());

        var result = await PollAsync();

        Assert.Equal(2, result.Stored);
        Assert.Equal(0, (await Factory.ChannelAsync(channelId)).ErrorCount);
    }

    [Fact]
    public async Task ARejectedToken_PutsTheChannelInError_WithTheReason_AndLosesNothing()
    {
        await Telegram.PushAsync(Update(Message(PrivateChat(ann), ann, "waiting")));
        Telegram.UpdateFailures.Enqueue(401);

        var failed = await Factory.PollAsync(channelId);

        Assert.Equal(TelegramPollOutcome.Failed, failed.Outcome);
        var channel = await Factory.ChannelAsync(channelId);
        Assert.Equal(ChannelStatus.Error, channel.Status);
        Assert.Contains("rejected the bot token", channel.LastError);
        Assert.Equal(1, (await PollAsync()).Stored);
        Assert.Equal(ChannelStatus.Active, (await Factory.ChannelAsync(channelId)).Status);
    }
}
