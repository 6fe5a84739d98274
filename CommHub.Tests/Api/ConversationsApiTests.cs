using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommHub.Core.Conversations;
using CommHub.Core.Tokens;
using CommHub.Core.Users;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CommHub.Tests.Api;

/// <summary>Contract tests of /api/v1/conversations and its messages against the real app.</summary>
public sealed class ConversationsApiTests : IClassFixture<QuietOutboxFactory>, IAsyncLifetime
{
    private readonly QuietOutboxFactory factory;
    private HttpClient write = null!;
    private HttpClient read = null!;
    private ApplicationUser agent = null!;

    public ConversationsApiTests(QuietOutboxFactory factory) => this.factory = factory;

    public async Task InitializeAsync()
    {
        agent = await factory.CreateUserAsync($"api.{Guid.NewGuid():N}@example.com", Roles.Agent);
        write = factory.ApiClient(await factory.CreateTokenAsync(agent.Id, TokenScope.Write));
        read = factory.ApiClient(await factory.CreateTokenAsync(agent.Id, TokenScope.Read));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task List_WalksEveryPageWithTheCursor_NewestFirst_WithoutRepeats()
    {
        var subject = "Walk" + Guid.NewGuid().ToString("N")[..6];
        var ids = await factory.SeedConversationsAsync(7, subject);
        var seen = new List<int>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await (await read.GetAsync($"/api/v1/conversations?limit=3{(cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))}")).JsonAsync();
            seen.AddRange(page.GetProperty("items").EnumerateArray()
                .Where(i => i.GetProperty("subject").GetString()!.StartsWith(subject, StringComparison.Ordinal)).Select(i => i.GetProperty("id").GetInt32()));
            cursor = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetString();
            pages++;
        } while (cursor is not null && pages < 100);
        Assert.Equal(Enumerable.Reverse(ids), seen);
    }

    [Fact]
    public async Task List_UsesTheInboxFilters_AndRefusesAForgedCursor()
    {
        var ids = await factory.SeedConversationsAsync(2, "Filter");
        await write.PatchAsJsonAsync($"/api/v1/conversations/{ids[0]}", new { status = "pending" });
        var page = await (await read.GetAsync("/api/v1/conversations?status=Pending")).JsonAsync();
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(items, i => i.GetProperty("id").GetInt32() == ids[0]);
        Assert.All(items, i => Assert.Equal("pending", i.GetProperty("status").GetString()));

        await (await read.GetAsync("/api/v1/conversations?cursor=bm9wZQ")).AssertProblemAsync(400, "cursor");
    }

    [Fact]
    public async Task Get_ReturnsTheConversation_Or404Problem()
    {
        var id = (await factory.SeedConversationsAsync(1, "Get"))[0];
        var body = await (await read.GetAsync($"/api/v1/conversations/{id}")).JsonAsync();
        Assert.Equal(id, body.GetProperty("conversation").GetProperty("id").GetInt32());
        Assert.Equal("open", body.GetProperty("conversation").GetProperty("status").GetString());
        await (await read.GetAsync("/api/v1/conversations/999999")).AssertProblemAsync(404);
        await (await read.GetAsync("/api/v1/conversations/not-a-number")).AssertProblemAsync(404);
        await (await read.GetAsync("/api/v1/nothing-here")).AssertProblemAsync(404);
    }

    [Fact]
    public async Task Patch_ChangesStatusPriorityAssigneeAndLabels_AndExplainsWhatItRefuses()
    {
        var id = (await factory.SeedConversationsAsync(1, "Patch"))[0];
        var response = await write.PatchAsJsonAsync($"/api/v1/conversations/{id}",
            new { status = "pending", priority = "urgent", assigneeId = agent.Id, labels = new[] { "vip", "billing" } });
        var body = (await response.JsonAsync()).GetProperty("conversation");
        Assert.Equal(("pending", "urgent", agent.Id), (body.GetProperty("status").GetString(), body.GetProperty("priority").GetString(), body.GetProperty("assigneeId").GetString()));
        Assert.Equal(["billing", "vip"], body.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));

        body = (await (await write.PatchAsJsonAsync($"/api/v1/conversations/{id}", new { assigneeId = "", labels = new[] { "vip" } })).JsonAsync()).GetProperty("conversation");
        Assert.Equal(JsonValueKind.Null, body.GetProperty("assigneeId").ValueKind);
        Assert.Equal(["vip"], body.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));

        var snooze = await (await write.PatchAsJsonAsync($"/api/v1/conversations/{id}", new { status = "snoozed" })).AssertProblemAsync(400, "status");
        Assert.Contains("future", snooze.GetProperty("detail").GetString());
        await (await write.PatchAsJsonAsync($"/api/v1/conversations/{id}", new { assigneeId = "nobody" })).AssertProblemAsync(400, "assigneeId");
        await (await write.PatchAsJsonAsync("/api/v1/conversations/999999", new { status = "open" })).AssertProblemAsync(404);
        var badEnum = await write.PatchAsync($"/api/v1/conversations/{id}", JsonContent.Create(new { status = "sideways" }));
        Assert.Equal(HttpStatusCode.BadRequest, badEnum.StatusCode);
    }

    [Fact]
    public async Task SendReply_StoresItPendingWithAnOutboxItem_AndListsItInTheThread()
    {
        var id = (await factory.SeedConversationsAsync(1, "Send"))[0];
        var created = await write.PostAsJsonAsync($"/api/v1/conversations/{id}/messages", new { text = "Hello from the API" });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var message = await created.JsonAsync();
        Assert.Equal(("Hello from the API", "pending", "outbound"),
            (message.GetProperty("text").GetString(), message.GetProperty("deliveryStatus").GetString(), message.GetProperty("direction").GetString()));
        Assert.EndsWith($"/messages/{message.GetProperty("id").GetInt32()}", created.Headers.Location!.OriginalString, StringComparison.Ordinal);

        var note = await write.PostAsJsonAsync($"/api/v1/conversations/{id}/messages", new { text = "Internal", privateNote = true });
        Assert.True((await note.JsonAsync()).GetProperty("isPrivateNote").GetBoolean());
        await using var db = await factory.CreateDbAsync();
        Assert.Equal(1, await db.Outbox.CountAsync(o => o.Message!.ConversationId == id));

        await (await write.PostAsJsonAsync($"/api/v1/conversations/{id}/messages", new { text = "" })).AssertProblemAsync(400, "text");
        await (await read.PostAsJsonAsync($"/api/v1/conversations/{id}/messages", new { text = "x" })).AssertProblemAsync(403);
        await (await write.PostAsJsonAsync("/api/v1/conversations/999999/messages", new { text = "x" })).AssertProblemAsync(404);
    }

    [Fact]
    public async Task SendWithTheSameIdempotencyKeyTwice_StoresOneMessageAndOneOutboxItem()
    {
        var id = (await factory.SeedConversationsAsync(1, "Idem"))[0];
        HttpRequestMessage Send() => new(HttpMethod.Post, $"/api/v1/conversations/{id}/messages")
        {
            Content = JsonContent.Create(new { text = "Exactly once" }), Headers = { { "Idempotency-Key", "retry-42" } },
        };
        var first = await write.SendAsync(Send());
        var again = await write.SendAsync(Send());
        // Two at once: the unique index decides, both answer with the one message.
        var raced = await Task.WhenAll(write.SendAsync(Send()), write.SendAsync(Send()));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        var messageId = (await first.JsonAsync()).GetProperty("id").GetInt32();
        Assert.Equal(messageId, (await again.JsonAsync()).GetProperty("id").GetInt32());
        foreach (var r in raced) Assert.Equal(messageId, (await r.JsonAsync()).GetProperty("id").GetInt32());
        await using var db = await factory.CreateDbAsync();
        Assert.Equal(1, await db.Messages.CountAsync(m => m.ConversationId == id && m.Text == "Exactly once"));
        Assert.Equal(1, await db.Outbox.CountAsync(o => o.Message!.ConversationId == id));

        // The same key for another conversation is a mistake, said so.
        var other = (await factory.SeedConversationsAsync(1, "Idem2"))[0];
        var misuse = await write.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/v1/conversations/{other}/messages")
        {
            Content = JsonContent.Create(new { text = "Exactly once" }), Headers = { { "Idempotency-Key", "retry-42" } },
        });
        Assert.Contains("another conversation", (await misuse.AssertProblemAsync(400)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task SendMultipart_StoresTheFiles_AndMessagesPageWithACursor()
    {
        var id = (await factory.SeedConversationsAsync(1, "Files"))[0];
        using var form = new MultipartFormDataContent
        {
            { new StringContent("Here is the file"), "text" },
            { new ByteArrayContent("hello, plain text"u8.ToArray()) { Headers = { ContentType = new("text/plain") } }, "files", "note.txt" },
        };
        var sent = await write.PostAsync($"/api/v1/conversations/{id}/messages", form);
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        Assert.Equal("note.txt", (await sent.JsonAsync()).GetProperty("attachments")[0].GetProperty("fileName").GetString());

        for (var i = 0; i < 4; i++) await write.PostAsJsonAsync($"/api/v1/conversations/{id}/messages", new { text = $"m{i}", privateNote = true });
        var texts = new List<string>();
        string? cursor = null;
        do
        {
            var page = await (await read.GetAsync($"/api/v1/conversations/{id}/messages?limit=2{(cursor is null ? "" : "&cursor=" + cursor)}")).JsonAsync();
            texts.AddRange(page.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("text").GetString()!));
            cursor = page.GetProperty("next").GetString();
        } while (cursor is not null);
        Assert.Equal(["Here is the file", "m0", "m1", "m2", "m3"], texts);
    }

    [Fact]
    public async Task MarkRead_ClearsTheUnreadCount()
    {
        var id = (await factory.SeedConversationsAsync(1, "Read"))[0];
        await using (var db = await factory.CreateDbAsync())
            await db.Conversations.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.AgentUnreadCount, 3));
        Assert.Equal(HttpStatusCode.NoContent, (await write.PostAsync($"/api/v1/conversations/{id}/read", null)).StatusCode);
        await using (var db = await factory.CreateDbAsync())
            Assert.Equal(0, await db.Conversations.Where(c => c.Id == id).Select(c => c.AgentUnreadCount).SingleAsync());
        await (await write.PostAsync("/api/v1/conversations/999999/read", null)).AssertProblemAsync(404);
    }
}
