using System.Text.Json;
using CommHub.Core.Audit;
using CommHub.Core.Conversations;
using CommHub.Core.Users;
using CommHub.Core.Webhooks;
using CommHub.Tests.Fakes;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Api;

/// <summary>The app with webhooks allowed to loopback and quick retries; the tests run the dispatcher themselves.</summary>
public sealed class WebhookFactory : QuietOutboxFactory
{
    public WebhookFactory()
    {
        Settings["CommHub:Webhooks:AllowPrivateAddresses"] = "true";
        Settings["CommHub:Webhooks:FirstRetryDelay"] = "00:00:00.050";
        Settings["CommHub:Webhooks:MaxRetryDelay"] = "00:00:00.200";
        Settings["CommHub:Webhooks:MaxConsecutiveFailures"] = "3";
    }
}

/// <summary>Deliveries to a real loopback receiver: signatures, retries, order, auto-disable, private notes.</summary>
public sealed class WebhookDeliveryTests : IClassFixture<WebhookFactory>, IAsyncLifetime
{
    private readonly WebhookFactory factory;
    private readonly WebhookReceiver receiver = new();
    private ApplicationUser agent = null!;

    public WebhookDeliveryTests(WebhookFactory factory) => this.factory = factory;

    private WebhookService Webhooks => factory.Services.GetRequiredService<WebhookService>();
    private WebhookDispatcher Dispatcher => factory.Services.GetRequiredService<WebhookDispatcher>();

    public async Task InitializeAsync()
    {
        agent = await factory.CreateUserAsync($"hooks.{Guid.NewGuid():N}@example.com", Roles.Agent);
        // The test runs the dispatcher; a background run would only race it.
        factory.Services.GetRequiredService<WebhookState>().OnSignal = null;
    }

    public async Task DisposeAsync()
    {
        foreach (var hook in await Webhooks.ListAsync()) await Webhooks.DeleteAsync(hook.Id, null);
        await receiver.DisposeAsync();
    }

    private async Task<(int Id, string Secret)> SubscribeAsync(string path, bool notes = false, params string[] events)
    {
        var created = await Webhooks.CreateAsync(new WebhookDraft(receiver.BaseUrl + path, null, events.Length == 0 ? [WebhookEventTypes.MessageCreated] : events, notes), null);
        Assert.True(created.Succeeded, created.ErrorText);
        return (created.Value!.Id, created.Value.Secret);
    }

    private async Task ReplyAsync(int conversationId, string text, bool note = false)
    {
        var result = await factory.Services.GetRequiredService<ConversationService>().ReplyAsync(conversationId, agent.Id, text, note);
        Assert.True(result.Succeeded, result.ErrorText);
    }

    /// <summary>Runs the dispatcher until the condition holds (retries wait their short backoff), at most 15 s.</summary>
    private async Task RunUntilAsync(Func<Task<bool>> done)
    {
        var until = DateTime.UtcNow.AddSeconds(15);
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < until, "the dispatcher did not get there in 15 s");
            await Dispatcher.RunAsync();
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task ADelivery_VerifiesWithTheDocumentedSteps_AndCarriesTheMessage()
    {
        var (_, secret) = await SubscribeAsync("/signed");
        var id = (await factory.SeedConversationsAsync(1, "Signed"))[0];
        await ReplyAsync(id, "Signed reply ✓");
        await RunUntilAsync(() => Task.FromResult(receiver.At("/signed").Count == 1));

        var request = receiver.At("/signed").Single();
        Assert.True(StandardWebhooks.Verify(secret, request.Headers["webhook-id"], request.Headers["webhook-timestamp"], request.Headers["webhook-signature"], request.Body));
        Assert.False(StandardWebhooks.Verify(secret, request.Headers["webhook-id"], request.Headers["webhook-timestamp"], request.Headers["webhook-signature"], request.Body + " "));
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("message.created", body.RootElement.GetProperty("type").GetString());
        var data = body.RootElement.GetProperty("data");
        Assert.Equal(("Signed reply ✓", id, "outbound"), (data.GetProperty("text").GetString(), data.GetProperty("conversationId").GetInt32(), data.GetProperty("direction").GetString()));
        Assert.Equal("application/json; charset=utf-8", request.Headers["content-type"]);
    }

    [Fact]
    public async Task AFailedDelivery_IsRetriedWithTheSameId_AndTheLogShowsTheAttempts()
    {
        var (hook, _) = await SubscribeAsync("/flaky");
        var calls = 0;
        receiver.Answer = r => Interlocked.Increment(ref calls) == 1 ? (500, "boom", TimeSpan.Zero, null) : (200, "thanks", TimeSpan.Zero, null);
        var id = (await factory.SeedConversationsAsync(1, "Retry"))[0];
        await ReplyAsync(id, "Try again");
        await RunUntilAsync(() => Task.FromResult(receiver.At("/flaky").Count == 2));

        var requests = receiver.At("/flaky");
        Assert.Equal(requests[0].Headers["webhook-id"], requests[1].Headers["webhook-id"]);
        var log = (await Webhooks.DeliveriesAsync(hook)).Single();
        Assert.Equal((WebhookDeliveryState.Delivered, 2, 200, "thanks"), (log.State, log.Attempts, log.LastStatusCode, log.LastResponse));
        Assert.NotNull(log.LastDurationMs);
        Assert.Equal(0, (await Webhooks.GetAsync(hook))!.ConsecutiveFailures);
    }

    [Fact]
    public async Task DeliveriesOfOneConversation_ArriveInOrder_ALaterOneWaitingForAFailingEarlierOne()
    {
        await SubscribeAsync("/order");
        var firstFails = 2;
        receiver.Answer = r => r.Body.Contains("\"text\":\"one\"", StringComparison.Ordinal) && Interlocked.Decrement(ref firstFails) >= 0
            ? (503, "later", TimeSpan.Zero, null) : (200, "ok", TimeSpan.Zero, null);
        var id = (await factory.SeedConversationsAsync(1, "Order"))[0];
        foreach (var text in new[] { "one", "two", "three" }) await ReplyAsync(id, text);
        await RunUntilAsync(() => Task.FromResult(receiver.At("/order").Count == 5));

        var texts = receiver.At("/order").Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("data").GetProperty("text").GetString()).ToList();
        Assert.Equal(["one", "one", "one", "two", "three"], texts);
    }

    [Fact]
    public async Task RepeatedFailures_DisableTheSubscription_WithAnAuditEntry_And410DisablesAtOnce()
    {
        var (failing, _) = await SubscribeAsync("/down");
        var (gone, _) = await SubscribeAsync("/gone");
        receiver.Answer = r => r.Path == "/gone" ? (410, "unsubscribed", TimeSpan.Zero, null) : (500, "down", TimeSpan.Zero, null);
        var ids = await factory.SeedConversationsAsync(3, "Down");
        foreach (var id in ids) await ReplyAsync(id, "Anyone there?");
        await RunUntilAsync(async () => !(await Webhooks.GetAsync(failing))!.Enabled);

        var down = (await Webhooks.GetAsync(failing))!;
        Assert.Contains("3 failed deliveries in a row", down.DisabledReason);
        var off = (await Webhooks.GetAsync(gone))!;
        Assert.False(off.Enabled);
        Assert.Contains("410", off.DisabledReason);
        // The three conversations' first deliveries went out together; after the 410 nothing more is sent.
        var goneCalls = receiver.At("/gone").Count;
        Assert.InRange(goneCalls, 1, 3);
        await Dispatcher.RunAsync();
        Assert.Equal(goneCalls, receiver.At("/gone").Count);
        Assert.All(await Webhooks.DeliveriesAsync(gone), d => Assert.NotEqual(WebhookDeliveryState.Delivered, d.State));
        await using var db = await factory.CreateDbAsync();
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.Action == AuditActions.WebhookAutoDisabled
            && (a.EntityId == failing.ToString() || a.EntityId == gone.ToString())));

        // Enabling again clears the banner; the waiting deliveries go out.
        receiver.Answer = _ => (200, "back", TimeSpan.Zero, null);
        Assert.True((await Webhooks.SetEnabledAsync(failing, true, null)).Succeeded);
        Assert.Null((await Webhooks.GetAsync(failing))!.DisabledReason);
        await RunUntilAsync(async () => (await Webhooks.DeliveriesAsync(failing)).All(d => d.State == WebhookDeliveryState.Delivered));
    }

    [Fact]
    public async Task PrivateNotes_GoOnlyToSubscriptionsThatOptedIn_AndTheTestEventAndRedeliveryWork()
    {
        var (plain, _) = await SubscribeAsync("/plain");
        await SubscribeAsync("/notes", notes: true);
        var id = (await factory.SeedConversationsAsync(1, "Notes"))[0];
        await ReplyAsync(id, "Internal only", note: true);
        await RunUntilAsync(() => Task.FromResult(receiver.At("/notes").Count == 1));
        await Dispatcher.RunAsync();
        Assert.Empty(receiver.At("/plain"));

        Assert.True((await Webhooks.SendTestAsync(plain)).Succeeded);
        await RunUntilAsync(() => Task.FromResult(receiver.At("/plain").Count == 1));
        Assert.Contains("webhook.test", receiver.At("/plain")[0].Body);
        var delivered = (await Webhooks.DeliveriesAsync(plain)).Single();
        Assert.True((await Webhooks.RedeliverAsync(delivered.Id)).Succeeded);
        await RunUntilAsync(() => Task.FromResult(receiver.At("/plain").Count == 2));
        Assert.Equal(receiver.At("/plain")[0].Headers["webhook-id"], receiver.At("/plain")[1].Headers["webhook-id"]);
    }

    [Fact]
    public async Task InboundAndOutboundSubscriptions_GetOnlyTheirDirection()
    {
        await SubscribeAsync("/in", false, WebhookEventTypes.MessageInbound);
        await SubscribeAsync("/out", false, WebhookEventTypes.MessageOutbound, WebhookEventTypes.ConversationStatusChanged);
        var id = (await factory.SeedConversationsAsync(1, "Dir"))[0];
        await ReplyAsync(id, "Outbound");
        Assert.True((await factory.Services.GetRequiredService<ConversationService>().SetStatusAsync(id, ConversationStatus.Resolved)).Succeeded);
        await RunUntilAsync(() => Task.FromResult(receiver.At("/out").Count == 2));
        await Dispatcher.RunAsync();
        Assert.Empty(receiver.At("/in"));
        var types = receiver.At("/out").Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("type").GetString());
        Assert.Equal(["message.outbound", "conversation.status_changed"], types);
    }

    [Fact]
    public async Task FinishedDeliveries_LeaveTheLogAfterTheKeepPeriod_PendingOnesStay()
    {
        var (hook, _) = await SubscribeAsync("/prune");
        var old = DateTime.UtcNow.AddDays(-31);
        await using (var db = await factory.CreateDbAsync())
        {
            var done = WebhookPayloads.Delivery(hook, WebhookEventTypes.Test, 0, new { }, old);
            done.State = WebhookDeliveryState.Delivered;
            var waiting = WebhookPayloads.Delivery(hook, WebhookEventTypes.Test, 0, new { }, old);
            waiting.NextAttemptAt = DateTime.UtcNow.AddHours(1);
            db.WebhookDeliveries.AddRange(done, waiting);
            await db.SaveChangesAsync();
        }
        await Dispatcher.RunAsync();
        Assert.Equal([WebhookDeliveryState.Pending], (await Webhooks.DeliveriesAsync(hook)).Select(d => d.State));
    }

    [Fact]
    public async Task DeliveryStatus_IsSentWhenASendFails_AndWhenTheCustomerReadsTheReplies()
    {
        await SubscribeAsync("/status", false, WebhookEventTypes.MessageDeliveryStatus);
        var id = (await factory.SeedConversationsAsync(1, "Status"))[0];
        await ReplyAsync(id, "Will it arrive?");
        // The seeded bot has no token: the outbox's send fails for good, a tracked change of the message's status.
        await factory.Services.GetRequiredService<CommHub.Core.Outbox.OutboxService>().SendDueAsync();
        await RunUntilAsync(() => Task.FromResult(receiver.At("/status").Count >= 1));
        var failed = JsonDocument.Parse(receiver.At("/status")[0].Body).RootElement.GetProperty("data");
        Assert.Equal(("failed", "Will it arrive?"), (failed.GetProperty("deliveryStatus").GetString(), failed.GetProperty("text").GetString()));

        await using (var db = await factory.CreateDbAsync())
            await db.Messages.Where(m => m.ConversationId == id).ExecuteUpdateAsync(s => s.SetProperty(m => m.DeliveryStatus, DeliveryStatus.Sent));
        await factory.Services.GetRequiredService<CustomerSide>().MarkReadAsync(id);
        await RunUntilAsync(() => Task.FromResult(receiver.At("/status").Count >= 2));
        var read = JsonDocument.Parse(receiver.At("/status")[^1].Body).RootElement.GetProperty("data");
        Assert.Equal(("read", id), (read.GetProperty("deliveryStatus").GetString(), read.GetProperty("conversationId").GetInt32()));
    }

    [Fact]
    public async Task AnInboundMessageFromSomeoneNew_RaisesContactCreated_ConversationCreated_AndMessageInbound()
    {
        await SubscribeAsync("/new", false, WebhookEventTypes.ContactCreated, WebhookEventTypes.ConversationCreated, WebhookEventTypes.MessageInbound);
        int channelId;
        await using (var db = await factory.CreateDbAsync())
        {
            var channel = new CommHub.Core.Channels.Channel { Kind = CommHub.Core.Channels.ChannelKind.Telegram, Name = "Inbound bot" };
            db.Channels.Add(channel);
            await db.SaveChangesAsync();
            channelId = channel.Id;
        }
        var sender = new CommHub.Core.Ingest.InboundSender(CommHub.Core.Contacts.IdentityKind.Telegram, "777001", "Nora New");
        await factory.Services.GetRequiredService<CommHub.Core.Ingest.IngestService>().IngestAsync(
            new CommHub.Core.Ingest.InboundMessage(channelId, "tg:777001:1", "tg:777001", null, sender, "First words", DateTime.UtcNow));
        await RunUntilAsync(() => Task.FromResult(receiver.At("/new").Count == 3));

        var bodies = receiver.At("/new").Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        var byType = bodies.ToDictionary(b => b.GetProperty("type").GetString()!, b => b.GetProperty("data"));
        Assert.Equal("Nora New", byType["contact.created"].GetProperty("name").GetString());
        var conversationId = byType["conversation.created"].GetProperty("id").GetInt32();
        Assert.Equal(byType["contact.created"].GetProperty("id").GetInt32(), byType["conversation.created"].GetProperty("contactId").GetInt32());
        Assert.Equal(("First words", conversationId), (byType["message.inbound"].GetProperty("text").GetString(), byType["message.inbound"].GetProperty("conversationId").GetInt32()));
    }
}
