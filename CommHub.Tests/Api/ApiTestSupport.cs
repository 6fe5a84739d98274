using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CommHub.Core.Channels;
using CommHub.Core.Contacts;
using CommHub.Core.Conversations;
using CommHub.Core.Tokens;
using CommHub.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Api;

/// <summary>Tokens, API clients and seeded conversations for the API's contract tests, through the real services.</summary>
public static class ApiTestSupport
{
    public static async Task<string> CreateTokenAsync(this CommHubFactory factory, string userId, TokenScope scope, int days = 30)
    {
        var result = await factory.Services.GetRequiredService<AccessTokenService>().CreateAsync(userId, "test", scope, days);
        Assert.True(result.Succeeded, result.ErrorText);
        return result.Value!.Secret;
    }

    /// <summary>A client that sends the token as a bearer and keeps no cookies.</summary>
    public static HttpClient ApiClient(this CommHubFactory factory, string? token)
    {
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = false,
        });
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Telegram conversations (the outbox sends their replies) with activity one minute apart, newest last.</summary>
    public static async Task<List<int>> SeedConversationsAsync(this CommHubFactory factory, int count, string subject = "Chat")
    {
        await using var db = await factory.CreateDbAsync();
        var channel = new Channel { Kind = ChannelKind.Telegram, Name = "Bot " + Guid.NewGuid().ToString("N")[..6] };
        var start = DateTime.UtcNow.AddDays(-1);
        var conversations = Enumerable.Range(0, count).Select(i => new Conversation
        {
            Channel = channel, Contact = new Contact { Name = $"Contact {i}" }, Subject = $"{subject} {i}",
            Status = ConversationStatus.Open, LastActivityAt = start.AddMinutes(i),
        }).ToList();
        db.Conversations.AddRange(conversations);
        await db.SaveChangesAsync();
        return conversations.Select(c => c.Id).ToList();
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>())!;

    /// <summary>Asserts an RFC 9457 problem: the status, the media type, and (for validation) the field with an error.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, int status, string? field = null)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        if (field is not null) Assert.True(problem.GetProperty("errors").GetProperty(field).GetArrayLength() > 0, $"no error for '{field}'");
        return problem;
    }
}
