using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace CommHub.Infrastructure.Gmail;

/// <summary>The few Gmail REST calls CommHub needs (users.getProfile, messages.list/get/send, history.list).</summary>
public sealed class GmailApiClient(HttpClient http, IOptions<GmailOptions> options, TimeProvider clock)
{
    private string Base => options.Value.ApiBaseUrl.TrimEnd('/') + "/gmail/v1/users/me";

    public Task<GmailProfile> GetProfileAsync(string accessToken, CancellationToken cancellationToken) =>
        SendAsync<GmailProfile>(HttpMethod.Get, $"{Base}/profile", accessToken, null, cancellationToken);

    public Task<GmailMessageList> ListMessagesAsync(string accessToken, string query, int maxResults, string? pageToken, CancellationToken cancellationToken) =>
        SendAsync<GmailMessageList>(HttpMethod.Get,
            $"{Base}/messages?q={Uri.EscapeDataString(query)}&maxResults={maxResults}{(pageToken is null ? "" : "&pageToken=" + Uri.EscapeDataString(pageToken))}",
            accessToken, null, cancellationToken);

    /// <param name="format">raw for the whole message, metadata for headers only.</param>
    public Task<GmailMessage> GetMessageAsync(string accessToken, string id, string format, CancellationToken cancellationToken) =>
        SendAsync<GmailMessage>(HttpMethod.Get, $"{Base}/messages/{Uri.EscapeDataString(id)}?format={format}", accessToken, null, cancellationToken);

    /// <exception cref="GmailApiException">With status 404 when the start history id is too old: resync.</exception>
    public Task<GmailHistoryList> ListHistoryAsync(string accessToken, string startHistoryId, string? pageToken, CancellationToken cancellationToken) =>
        SendAsync<GmailHistoryList>(HttpMethod.Get,
            $"{Base}/history?startHistoryId={Uri.EscapeDataString(startHistoryId)}&historyTypes=messageAdded{(pageToken is null ? "" : "&pageToken=" + Uri.EscapeDataString(pageToken))}",
            accessToken, null, cancellationToken);

    public Task<GmailMessage> SendMessageAsync(string accessToken, string rawBase64Url, string? threadId, CancellationToken cancellationToken) =>
        SendAsync<GmailMessage>(HttpMethod.Post, $"{Base}/messages/send", accessToken,
            JsonContent.Create(new GmailSendRequest(rawBase64Url, threadId)), cancellationToken);

    private async Task<T> SendAsync<T>(HttpMethod method, string url, string accessToken, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new GmailApiException(response.StatusCode, RetryAfter(response), body.Length > 500 ? body[..500] : body);
        }
        return await response.Content.ReadFromJsonAsync<T>(cancellationToken)
            ?? throw new GmailApiException(response.StatusCode, null, "empty response");
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter is { } retry
            ? retry.Delta ?? (retry.Date is { } date ? date - clock.GetUtcNow() : null)
            : null;
}

public sealed class GmailApiException(HttpStatusCode status, TimeSpan? retryAfter, string body)
    : Exception($"Gmail answered {(int)status} {status}: {body}")
{
    public HttpStatusCode Status { get; } = status;
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

public sealed record GmailProfile(
    [property: JsonPropertyName("emailAddress")] string EmailAddress,
    [property: JsonPropertyName("historyId")] string HistoryId);

public sealed record GmailMessageRef(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("threadId")] string ThreadId,
    [property: JsonPropertyName("labelIds")] List<string>? LabelIds = null);

public sealed record GmailMessageList(
    [property: JsonPropertyName("messages")] List<GmailMessageRef>? Messages,
    [property: JsonPropertyName("nextPageToken")] string? NextPageToken);

public sealed record GmailMessage(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("threadId")] string ThreadId,
    [property: JsonPropertyName("labelIds")] List<string>? LabelIds,
    [property: JsonPropertyName("historyId")] string? HistoryId,
    [property: JsonPropertyName("internalDate")] string? InternalDate,
    [property: JsonPropertyName("sizeEstimate")] long SizeEstimate,
    [property: JsonPropertyName("raw")] string? Raw,
    [property: JsonPropertyName("payload")] GmailPayload? Payload);

public sealed record GmailPayload([property: JsonPropertyName("headers")] List<GmailHeader>? Headers);

public sealed record GmailHeader([property: JsonPropertyName("name")] string Name, [property: JsonPropertyName("value")] string Value);

public sealed record GmailHistoryList(
    [property: JsonPropertyName("history")] List<GmailHistory>? History,
    [property: JsonPropertyName("nextPageToken")] string? NextPageToken,
    [property: JsonPropertyName("historyId")] string? HistoryId);

public sealed record GmailHistory(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("messagesAdded")] List<GmailMessageAdded>? MessagesAdded);

public sealed record GmailMessageAdded([property: JsonPropertyName("message")] GmailMessageRef Message);

internal sealed record GmailSendRequest(
    [property: JsonPropertyName("raw")] string Raw,
    [property: JsonPropertyName("threadId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ThreadId);
