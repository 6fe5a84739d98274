using CommHub.Core.Channels;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CommHub.Core.Conversations;
using CommHub.Core.Ingest;
using CommHub.Core.Outbox;
using CommHub.Infrastructure.Telegram;
using CommHub.Tests.Fakes;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CommHub.Tests.Fakes.TelegramUpdates;

namespace CommHub.Tests.Infrastructure.Telegram;

/// <summary>The webhook endpoint of the real app: the secret-token header, the job behind it, and the bot commands.</summary>
public sealed class TelegramWebhookTests() : FakeTelegramTest(PublicUrl)
{
    private const string PublicUrl = "https://commhub.example";
    private readonly JsonObject ann = User(2001, "Ann");
    private int channelId;

    public override async Task InitializeAsync() => channelId = await Telegram.AddChannelAsync(Factory, TelegramMode.Webhook, greeting: "Welcome to Acme support!");

    private async Task<HttpResponseMessage> PostAsync(string body, string? secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/telegram/webhook/{channelId}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (secret is not null) request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
        return await Factory.CreateClient().SendAsync(request);
    }

    private static string Json(JsonObject update)
    {
        update["update_id"] = Random.Shared.Next(1, int.MaxValue);
        return update.ToJsonString();
    }

    private async Task<List<Message>> MessagesAsync()
    {
        await using var db = await Factory.CreateDbAsync();
        return await db.Messages.Include(m => m.Attachments).Include(m => m.Conversation).Where(m => m.ChannelId == channelId).OrderBy(m => m.Id).ToListAsync();
    }

    /// <summary>This channel's intake rows, in arrival order.</summary>
    private async Task<List<InboundUpdate>> RowsAsync()
    {
        await using var db = await Factory.CreateDbAsync();
        return await db.InboundUpdates.Where(u => u.ChannelId == channelId).OrderBy(u => u.Id).ToListAsync();
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > until) return value;
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task ADisabledBot_HasNoWebhook_SoTelegramKeepsItsUpdates_AndEnablingRegistersItAgain()
    {
        var admin = Factory.Services.GetRequiredService<TelegramChannelAdmin>();

        Assert.True((await admin.SetEnabledAsync(channelId, false, null)).Succeeded);
        Assert.Null(Telegram.WebhookUrl);
        Assert.False((await Factory.ChannelAsync(channelId)).Enabled);

        Assert.True((await admin.SetEnabledAsync(channelId, true, null)).Succeeded);
        Assert.Equal($"{PublicUrl}/telegram/webhook/{channelId}", Telegram.WebhookUrl);
        Assert.True((await Factory.ChannelAsync(channelId)).Enabled);
    }

    [Fact]
    public async Task AddingTheChannel_RegistersTheWebhook_WithASecretAndNoTokenInTheUrl()
    {
        Assert.Equal($"{PublicUrl}/telegram/webhook/{channelId}", Telegram.WebhookUrl);
        Assert.DoesNotContain(Telegram.Token, Telegram.WebhookUrl);
        Assert.Matches("^[A-F0-9]{64}$", Telegram.WebhookSecret);

        var admin = Factory.Services.GetRequiredService<TelegramChannelAdmin>();
        Assert.True((await admin.UpdateAsync(channelId, TelegramMode.Polling, null)).Succeeded);
        Assert.Null(Telegram.WebhookUrl);
        Assert.Contains("deleteWebhook", Telegram.Calls);
        Assert.True((await admin.UpdateAsync(channelId, TelegramMode.Webhook, null)).Succeeded);
        Assert.NotNull(Telegram.WebhookUrl);
    }

    [Fact]
    public async Task AMissingOrWrongSecret_Is401_AndNothingIsStored()
    {
        var body = Json(Update(Message(PrivateChat(ann), ann, "Let me in")));

        var missing = await PostAsync(body, secret: null);
        var wrong = await PostAsync(body, secret: new string('A', 64));
        var otherChannel = await Factory.CreateClient().PostAsync("/telegram/webhook/999", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (missing.StatusCode, wrong.StatusCode, otherChannel.StatusCode));
        // An accepted update is stored before the answer, so a refused one that had been stored would show here already.
        Assert.Empty(await RowsAsync());
        Assert.Empty(await MessagesAsync());
    }

    [Fact]
    public async Task AnUpdateWithTheSecret_Is200_AndIsStored_OnceEvenWhenRetried()
    {
        var photo = TestImages.Jpeg(64, 48);
        var message = Message(PrivateChat(ann), ann, messageId: 5);
        message["photo"] = new JsonArray(File(Telegram.AddFile(photo, "photos/p.jpg"), photo.Length, 64, 48));
        message["caption"] = "Broken on arrival";
        var body = Json(Update(message));

        var first = await PostAsync(body, Telegram.WebhookSecret);
        var retry = await PostAsync(body, Telegram.WebhookSecret);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, retry.StatusCode));
        // The redelivery stored no second row; once the row is processed, the update is one message.
        var row = Assert.Single(await EventuallyAsync(RowsAsync, r => r.All(u => u.State == InboundUpdateState.Processed)));
        Assert.Equal(InboundUpdateState.Processed, row.State);
        var stored = Assert.Single(await MessagesAsync());
        Assert.Equal("Broken on arrival", stored.Text);
        Assert.Equal("image/jpeg", Assert.Single(stored.Attachments).ContentType);
        Assert.DoesNotContain("getUpdates", Telegram.Calls);
    }

    [Fact]
    public async Task AMalformedUpdate_Is200_AndCountedOnTheChannel()
    {
        var notJson = await PostAsync("{ this is not json", Telegram.WebhookSecret);
        var noChat = await PostAsync("{\"update_id\": 1, \"message\": {\"message_id\": 1, \"date\": 1, \"text\": \"hi\"}}", Telegram.WebhookSecret);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (notJson.StatusCode, noChat.StatusCode));
        var channel = await EventuallyAsync(() => Factory.ChannelAsync(channelId), c => c.ErrorCount >= 2);
        Assert.Equal(2, channel.ErrorCount);
        Assert.Contains("its message has no chat", channel.LastError);
        Assert.Empty(await MessagesAsync());
    }

    [Fact]
    public async Task AnOversizedBody_Is413_AndNothingIsStored()
    {
        var huge = Json(Update(Message(PrivateChat(ann), ann, new string('x', 2 * 1024 * 1024))));

        var response = await PostAsync(huge, Telegram.WebhookSecret);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(await RowsAsync());
        Assert.Empty(await MessagesAsync());
    }

    [Fact]
    public async Task Start_OpensAConversationWithTheGreeting_ThroughTheOutbox_AndEnd_ResolvesIt()
    {
        var start = Message(PrivateChat(ann), ann, "/start").WithEntity("bot_command", 0, 6);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Json(Update(start)), Telegram.WebhookSecret)).StatusCode);

        var sent = await EventuallyAsync(() => Task.FromResult(Telegram.Sent.ToList()), s => s.Count > 0);
        var greeting = Assert.Single(sent);
        Assert.Equal(("sendMessage", "2001", "Welcome to Acme support!"), (greeting.Method, greeting.ChatId, greeting.Text));
        var messages = await MessagesAsync();
        Assert.Equal([MessageDirection.Inbound, MessageDirection.Outbound], messages.Select(m => m.Direction));
        Assert.Equal(SenderKind.Bot, messages[1].SenderKind);

        var end = Message(PrivateChat(ann), ann, "/end@acme_support_bot").WithEntity("bot_command", 0, 21);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Json(Update(end)), Telegram.WebhookSecret)).StatusCode);
        var resolved = await EventuallyAsync(MessagesAsync, m => m.Count == 3 && m[2].Conversation!.Status == ConversationStatus.Resolved);
        Assert.Equal(ConversationStatus.Resolved, resolved[2].Conversation!.Status);
        Assert.Equal(resolved[0].ConversationId, resolved[2].ConversationId);
    }
}
