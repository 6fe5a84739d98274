using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommHub.Core.Contacts;
using CommHub.Core.Tokens;
using CommHub.Core.Users;
using CommHub.Tests.TestSupport;

namespace CommHub.Tests.Api;

/// <summary>Contract tests of the channels, contacts, templates and statistics endpoints.</summary>
public sealed class ResourcesApiTests : IClassFixture<QuietOutboxFactory>, IAsyncLifetime
{
    private readonly QuietOutboxFactory factory;
    private HttpClient agentWrite = null!;
    private HttpClient agentRead = null!;
    private HttpClient admin = null!;
    private ApplicationUser agent = null!;

    public ResourcesApiTests(QuietOutboxFactory factory) => this.factory = factory;

    public async Task InitializeAsync()
    {
        agent = await factory.CreateUserAsync($"res.{Guid.NewGuid():N}@example.com", Roles.Agent);
        agentWrite = factory.ApiClient(await factory.CreateTokenAsync(agent.Id, TokenScope.Write));
        agentRead = factory.ApiClient(await factory.CreateTokenAsync(agent.Id, TokenScope.Read));
        var adminUser = await factory.CreateUserAsync($"res.admin.{Guid.NewGuid():N}@example.com", Roles.Admin);
        admin = factory.ApiClient(await factory.CreateTokenAsync(adminUser.Id, TokenScope.Admin));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Channels_ListGetDisableEnableDelete_WithProblemsForWhatIsNotThere()
    {
        var conversation = (await factory.SeedConversationsAsync(1, "Chan"))[0];
        await factory.StartRequestAsync(await factory.RegisterCustomerAsync($"chan.{Guid.NewGuid():N}@example.com")); // the portal channel exists
        var list = await (await admin.GetAsync("/api/v1/channels")).JsonAsync();
        var channel = list.EnumerateArray().First(c => c.GetProperty("kind").GetString() == "telegram").GetProperty("id").GetInt32();
        var got = await (await admin.GetAsync($"/api/v1/channels/{channel}")).JsonAsync();
        Assert.Equal(channel, got.GetProperty("channel").GetProperty("id").GetInt32());

        // A bot without a token cannot be tested, and says why; the portal is this app, so it is always reachable.
        var untestable = await (await admin.PostAsync($"/api/v1/channels/{channel}/test", null)).AssertProblemAsync(400);
        Assert.StartsWith("There is no Telegram bot with a token", untestable.GetProperty("detail").GetString());
        await (await admin.PostAsync("/api/v1/channels/999999/test", null)).AssertProblemAsync(404);
        var portal = list.EnumerateArray().First(c => c.GetProperty("kind").GetString() == "portal").GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/channels/{portal}/test", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agentWrite.PostAsync($"/api/v1/channels/{channel}/test", null)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/v1/channels/{channel}/disable", null)).StatusCode);
        Assert.False((await (await admin.GetAsync($"/api/v1/channels/{channel}")).JsonAsync()).GetProperty("channel").GetProperty("enabled").GetBoolean());
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/v1/channels/{channel}/enable", null)).StatusCode);
        await (await admin.PostAsJsonAsync("/api/v1/channels/telegram", new { token = "" })).AssertProblemAsync(400, "token");
        await (await admin.PatchAsJsonAsync("/api/v1/channels/999999", new { greeting = "hi" })).AssertProblemAsync(404);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/channels/{channel}")).StatusCode);
        await (await admin.GetAsync($"/api/v1/channels/{channel}")).AssertProblemAsync(404);
        // The conversation stays when its channel goes.
        Assert.Equal(HttpStatusCode.OK, (await agentRead.GetAsync($"/api/v1/conversations/{conversation}")).StatusCode);
    }

    [Fact]
    public async Task Contacts_SearchPagesWithACursor_GetAndUpdate_WithFieldErrors()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        await using (var db = await factory.CreateDbAsync())
        {
            db.Contacts.AddRange(Enumerable.Range(0, 5).Select(i => new Contact { Name = $"Zed {tag} {i}" }));
            await db.SaveChangesAsync();
        }
        var names = new List<string>();
        string? cursor = null;
        do
        {
            var page = await (await agentRead.GetAsync($"/api/v1/contacts?q={tag}&limit=2{(cursor is null ? "" : "&cursor=" + cursor)}")).JsonAsync();
            names.AddRange(page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("name").GetString()!));
            cursor = page.GetProperty("next").GetString();
        } while (cursor is not null);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"Zed {tag} {i}"), names);

        var id = (await (await agentRead.GetAsync($"/api/v1/contacts?q={tag}")).JsonAsync()).GetProperty("items")[0].GetProperty("id").GetInt32();
        var updated = await (await agentWrite.PutAsJsonAsync($"/api/v1/contacts/{id}", new { name = "Zed Renamed", email = "zed@example.com" })).JsonAsync();
        Assert.Equal(("Zed Renamed", "zed@example.com"), (updated.GetProperty("name").GetString(), updated.GetProperty("email").GetString()));
        await (await agentWrite.PutAsJsonAsync($"/api/v1/contacts/{id}", new { name = "" })).AssertProblemAsync(400);
        await (await agentRead.PutAsJsonAsync($"/api/v1/contacts/{id}", new { name = "x" })).AssertProblemAsync(403);
        await (await agentRead.GetAsync("/api/v1/contacts/999999")).AssertProblemAsync(404);
    }

    [Fact]
    public async Task Templates_CreateListUpdateRenderDelete_AndSharedOnesAreAdmins()
    {
        var conversation = (await factory.SeedConversationsAsync(1, "Tpl"))[0];
        var shortcut = "t" + Guid.NewGuid().ToString("N")[..6];
        var created = await agentWrite.PostAsJsonAsync("/api/v1/templates", new { name = "Greeting", shortcut, body = "Hello {{ contact.name }}" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.JsonAsync()).GetProperty("id").GetInt32();
        Assert.Contains((await (await agentRead.GetAsync("/api/v1/templates")).JsonAsync()).EnumerateArray(), t => t.GetProperty("id").GetInt32() == id);

        var changed = await (await agentWrite.PutAsJsonAsync($"/api/v1/templates/{id}", new { name = "Hi", shortcut, body = "Hi {{ contact.name }}" })).JsonAsync();
        Assert.Equal("Hi", changed.GetProperty("name").GetString());
        var rendered = await (await agentWrite.PostAsJsonAsync($"/api/v1/templates/{id}/render", new { conversationId = conversation })).JsonAsync();
        Assert.Equal("Hi Contact 0", rendered.GetProperty("text").GetString());
        Assert.Equal(1, (await (await agentRead.GetAsync($"/api/v1/templates/{id}")).JsonAsync()).GetProperty("usageCount").GetInt32());
        await (await agentWrite.PostAsJsonAsync($"/api/v1/templates/{id}/render", new { conversationId = 999999 })).AssertProblemAsync(404);

        await (await agentWrite.PostAsJsonAsync("/api/v1/templates", new { name = "", shortcut = "has space", body = "" })).AssertProblemAsync(400);
        await (await agentWrite.PostAsJsonAsync("/api/v1/templates", new { name = "S", shortcut = shortcut + "s", body = "x", shared = true })).AssertProblemAsync(403);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/templates", new { name = "S", shortcut = shortcut + "s", body = "x", shared = true })).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await agentWrite.DeleteAsync($"/api/v1/templates/{id}")).StatusCode);
        await (await agentWrite.DeleteAsync($"/api/v1/templates/{id}")).AssertProblemAsync(404);
    }

    [Fact]
    public async Task Statistics_ReturnsTheAnalyticsReport()
    {
        var response = await agentRead.GetAsync("/api/v1/statistics?period=7d");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(6, DateOnly.Parse(body.GetProperty("to").GetString()!).DayNumber - DateOnly.Parse(body.GetProperty("from").GetString()!).DayNumber);
        Assert.Equal(JsonValueKind.Object, body.GetProperty("current").ValueKind);
    }
}
