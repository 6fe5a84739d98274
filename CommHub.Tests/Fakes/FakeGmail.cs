using System.Collections.Concurrent;
using System.Text;
using CommHub.Core.Channels;
using CommHub.Infrastructure.Gmail;
using CommHub.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CommHub.Tests.Fakes;

/// <summary>
/// A loopback stand-in for the Gmail REST API and Google's token endpoint, speaking their HTTP and JSON:
/// users.getProfile, messages.list / get (raw, minimal, metadata), history.list (404 once a history id has
/// expired), the consent page that redirects back with a code, the authorization-code grant (checking the PKCE
/// verifier) and the refresh-token grant (invalid_grant once revoked). It records the calls it got.
/// </summary>
public sealed class FakeGmail : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly object gate = new();
    private readonly List<Mail> mailbox = [];
    private long historyId = 1000;

    public FakeGmail()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        app = builder.Build();
        app.MapPost("/token", (Delegate)TokenAsync);
        app.MapGet("/o/oauth2/v2/auth", Authorize);
        app.MapGet("/consent", Consent);
        app.MapGet("/gmail/v1/users/me/profile", (HttpContext c) => Authorized(c) ?? Results.Json(new { emailAddress = Address, historyId = Current() }));
        app.MapGet("/gmail/v1/users/me/messages", List);
        app.MapGet("/gmail/v1/users/me/messages/{id}", Get);
        app.MapGet("/gmail/v1/users/me/history", History);
        app.MapPost("/gmail/v1/users/me/messages/send", (Delegate)SendAsync);
        app.StartAsync().GetAwaiter().GetResult();
        BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public string BaseUrl { get; }
    public string Address { get; set; } = "support@acme.example";
    public string RefreshToken { get; set; } = "refresh-1";
    public bool Revoked { get; set; }

    /// <summary>The OAuth client registered with this fake "Google"; the consent page and the code grant check it.</summary>
    public string ClientId { get; set; } = "client-1";
    public string ClientSecret { get; set; } = "secret-1";

    /// <summary>Every authorization-code exchange: the code, and whether its PKCE verifier matched the challenge.</summary>
    public ConcurrentQueue<(string Code, bool VerifierMatched)> CodeExchanges { get; } = new();

    public string AuthorizationEndpoint => BaseUrl + "/o/oauth2/v2/auth";

    /// <summary>History ids older than this answer 404, as Gmail does after about a week.</summary>
    public long OldestHistoryId { get; set; }

    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>What messages.send answers next instead of success: a status and an optional Retry-After in seconds.</summary>
    public ConcurrentQueue<(int Status, int? RetryAfter)> SendFailures { get; } = new();

    public ConcurrentQueue<(string Raw, string? ThreadId)> Sent { get; } = new();

    public sealed record Mail(string Id, string ThreadId, string Raw, long HistoryId, DateTimeOffset Date, string[] Labels);

    /// <param name="internalDate">When the mailbox received it (Gmail's internalDate); now unless given.</param>
    public Mail Deliver(string raw, string? threadId = null, string[]? labels = null, DateTimeOffset? internalDate = null)
    {
        lock (gate)
        {
            historyId++;
            var mail = new Mail($"m{historyId}", threadId ?? $"t{historyId}", raw, historyId, internalDate ?? DateTimeOffset.UtcNow, labels ?? ["INBOX"]);
            mailbox.Add(mail);
            return mail;
        }
    }

    private sealed record Consented(string ClientId, string RedirectUri, string State, string Challenge);

    private readonly ConcurrentDictionary<string, Consented> tickets = new();
    private readonly ConcurrentDictionary<string, Consented> codes = new();

    /// <summary>Google's consent page: checks the request as Google would, then offers Allow and Deny.</summary>
    private IResult Authorize(HttpContext context)
    {
        var q = context.Request.Query;
        Calls.Enqueue("authorize");
        string? problem =
            q["response_type"] != "code" ? "response_type must be code"
            : q["client_id"] != ClientId ? "invalid_client: unknown client_id"
            : string.IsNullOrEmpty(q["redirect_uri"]) ? "redirect_uri is missing"
            : q["scope"] != "https://www.googleapis.com/auth/gmail.modify" ? "scope must be gmail.modify"
            : q["access_type"] != "offline" ? "access_type must be offline"
            : q["prompt"] != "consent" ? "prompt must be consent"
            : q["code_challenge_method"] != "S256" || string.IsNullOrEmpty(q["code_challenge"]) ? "PKCE with S256 is required"
            : string.IsNullOrEmpty(q["state"]) ? "state is missing"
            : null;
        if (problem is not null) return Results.Content($"<h1>Error 400: {problem}</h1>", "text/html", statusCode: 400);
        var ticket = Guid.NewGuid().ToString("N");
        tickets[ticket] = new Consented(q["client_id"]!, q["redirect_uri"]!, q["state"]!, q["code_challenge"]!);
        return Results.Content(
            $"""
            <!doctype html><html><head><title>Sign in - Google Accounts</title></head><body>
            <h1>CommHub wants to read, compose and send emails from {Address}</h1>
            <a id="allow" href="/consent?ticket={ticket}&amp;decision=allow">Allow</a>
            <a id="deny" href="/consent?ticket={ticket}&amp;decision=deny">Cancel</a>
            </body></html>
            """, "text/html");
    }

    private IResult Consent(string ticket, string decision)
    {
        if (!tickets.TryRemove(ticket, out var consented)) return Results.BadRequest("unknown ticket");
        var back = consented.RedirectUri + (consented.RedirectUri.Contains('?') ? "&" : "?") + "state=" + Uri.EscapeDataString(consented.State);
        if (decision != "allow") return Results.Redirect(back + "&error=access_denied");
        var code = "code-" + Guid.NewGuid().ToString("N");
        codes[code] = consented;
        return Results.Redirect(back + "&code=" + code + "&scope=" + Uri.EscapeDataString("https://www.googleapis.com/auth/gmail.modify"));
    }

    /// <summary>Follows the consent page as an admin's browser would; returns where Google sends them back (the app's callback).</summary>
    public async Task<Uri> ConsentAsync(string authorizationUrl, bool allow = true)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var page = await http.GetAsync(authorizationUrl);
        var html = await page.Content.ReadAsStringAsync();
        if (!page.IsSuccessStatusCode) throw new InvalidOperationException(html);
        var link = System.Text.RegularExpressions.Regex.Match(html, $"id=\"{(allow ? "allow" : "deny")}\" href=\"([^\"]+)\"").Groups[1].Value;
        var answer = await http.GetAsync(BaseUrl + System.Net.WebUtility.HtmlDecode(link));
        return answer.Headers.Location!;
    }

    private IResult CodeGrant(IFormCollection form)
    {
        Calls.Enqueue("token:authorization_code");
        var code = form["code"].ToString();
        if (!codes.TryRemove(code, out var consented)
            || form["client_id"] != consented.ClientId || form["client_secret"] != ClientSecret || form["redirect_uri"] != consented.RedirectUri)
            return Results.Json(new { error = "invalid_grant", error_description = "Malformed auth code." }, statusCode: 400);
        var verifier = form["code_verifier"].ToString();
        var computed = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Encoding.ASCII.GetBytes(verifier)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var matched = verifier.Length >= 43 && computed == consented.Challenge;
        CodeExchanges.Enqueue((code, matched));
        if (!matched) return Results.Json(new { error = "invalid_grant", error_description = "Invalid code verifier." }, statusCode: 400);
        // A new grant: a fresh refresh token, and whatever was revoked before no longer matters.
        RefreshToken = "refresh-" + Guid.NewGuid().ToString("N")[..8];
        Revoked = false;
        return Results.Json(new
        {
            access_token = "access-" + Guid.NewGuid().ToString("N"), expires_in = 3599, token_type = "Bearer",
            refresh_token = RefreshToken, scope = "https://www.googleapis.com/auth/gmail.modify",
        });
    }

    private string Current()
    {
        lock (gate) return historyId.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<IResult> TokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        if (form["grant_type"] == "authorization_code") return CodeGrant(form);
        Calls.Enqueue("token");
        if (Revoked || form["refresh_token"] != RefreshToken || form["grant_type"] != "refresh_token")
            return Results.Json(new { error = "invalid_grant", error_description = "Token has been expired or revoked." }, statusCode: 400);
        return Results.Json(new { access_token = "access-" + Guid.NewGuid().ToString("N"), expires_in = 3599, token_type = "Bearer", scope = "https://www.googleapis.com/auth/gmail.modify" });
    }

    private static IResult? Authorized(HttpContext context) =>
        context.Request.Headers.Authorization.ToString().StartsWith("Bearer access-", StringComparison.Ordinal)
            ? null
            : Results.Json(new { error = new { code = 401, message = "Request had invalid authentication credentials.", status = "UNAUTHENTICATED" } }, statusCode: 401);

    private IResult List(HttpContext context, int? maxResults, string? pageToken)
    {
        if (Authorized(context) is { } denied) return denied;
        Calls.Enqueue("messages.list");
        lock (gate)
        {
            var all = mailbox.Where(m => !m.Labels.Contains("SENT")).OrderByDescending(m => m.HistoryId).ToList();
            var skip = pageToken is null ? 0 : int.Parse(pageToken, System.Globalization.CultureInfo.InvariantCulture);
            var page = all.Skip(skip).Take(maxResults ?? 100).ToList();
            var next = skip + page.Count < all.Count ? (skip + page.Count).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
            return Results.Json(new { messages = page.Select(m => new { id = m.Id, threadId = m.ThreadId }), nextPageToken = next, resultSizeEstimate = all.Count });
        }
    }

    private IResult Get(HttpContext context, string id, string? format)
    {
        if (Authorized(context) is { } denied) return denied;
        Calls.Enqueue($"messages.get:{format}");
        Mail? mail;
        lock (gate) mail = mailbox.SingleOrDefault(m => m.Id == id);
        if (mail is null) return Results.Json(new { error = new { code = 404, message = "Requested entity was not found." } }, statusCode: 404);
        var bytes = Encoding.Latin1.GetBytes(mail.Raw);
        var common = new Dictionary<string, object?>
        {
            ["id"] = mail.Id,
            ["threadId"] = mail.ThreadId,
            ["labelIds"] = mail.Labels,
            ["historyId"] = mail.HistoryId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["internalDate"] = mail.Date.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["sizeEstimate"] = bytes.Length,
        };
        if (format == "raw") common["raw"] = Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        if (format == "metadata")
            common["payload"] = new { headers = mail.Raw.Split("\r\n\r\n")[0].Split("\r\n").Select(l => l.Split(':', 2)).Where(p => p.Length == 2).Select(p => new { name = p[0], value = p[1].Trim() }) };
        return Results.Json(common);
    }

    private IResult History(HttpContext context, string startHistoryId)
    {
        if (Authorized(context) is { } denied) return denied;
        Calls.Enqueue("history.list");
        var start = long.Parse(startHistoryId, System.Globalization.CultureInfo.InvariantCulture);
        if (start < OldestHistoryId)
            return Results.Json(new { error = new { code = 404, message = "Requested entity was not found.", status = "NOT_FOUND" } }, statusCode: 404);
        lock (gate)
        {
            var added = mailbox.Where(m => m.HistoryId > start).OrderBy(m => m.HistoryId).ToList();
            return Results.Json(new
            {
                history = added.Select(m => new { id = m.HistoryId.ToString(System.Globalization.CultureInfo.InvariantCulture), messagesAdded = new[] { new { message = new { id = m.Id, threadId = m.ThreadId, labelIds = m.Labels } } } }),
                historyId = historyId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
        }
    }

    private async Task<IResult> SendAsync(HttpContext context)
    {
        if (Authorized(context) is { } denied) return denied;
        Calls.Enqueue("messages.send");
        if (SendFailures.TryDequeue(out var failure))
        {
            if (failure.RetryAfter is { } seconds) context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Json(new { error = new { code = failure.Status, message = "Injected failure." } }, statusCode: failure.Status);
        }
        var body = await System.Text.Json.JsonDocument.ParseAsync(context.Request.Body);
        var raw = body.RootElement.GetProperty("raw").GetString()!;
        var threadId = body.RootElement.TryGetProperty("threadId", out var t) ? t.GetString() : null;
        var padded = raw.Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", _ => "" };
        var text = Encoding.Latin1.GetString(Convert.FromBase64String(padded));
        Sent.Enqueue((text, threadId));
        var mail = Deliver(text, threadId, ["SENT"]);
        return Results.Json(new { id = mail.Id, threadId = mail.ThreadId, labelIds = mail.Labels });
    }

    /// <summary>Points the app at this fake and adds a Gmail channel connected with this fake's refresh token.</summary>
    public void Configure(CommHubFactory factory)
    {
        factory.Settings["CommHub:Gmail:ApiBaseUrl"] = BaseUrl;
        factory.Settings["CommHub:Gmail:TokenEndpoint"] = BaseUrl + "/token";
        factory.Settings["CommHub:Gmail:AuthorizationEndpoint"] = AuthorizationEndpoint;
    }

    public async Task<int> ConnectChannelAsync(CommHubFactory factory)
    {
        var secrets = factory.Services.GetRequiredService<ChannelSecrets>();
        var channel = new Channel { Kind = ChannelKind.Gmail, Name = Address };
        secrets.Write(channel, new Dictionary<string, string>
        {
            [GmailCredentials.ClientIdKey] = "client-1",
            [GmailCredentials.ClientSecretKey] = "secret-1",
            [GmailCredentials.RefreshTokenKey] = RefreshToken,
        });
        await using var db = await factory.CreateDbAsync();
        db.Channels.Add(channel);
        await db.SaveChangesAsync();
        return channel.Id;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
