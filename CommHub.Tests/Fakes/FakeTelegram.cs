using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CommHub.Tests.Fakes;

/// <summary>
/// A loopback stand-in for the Telegram Bot API, speaking its HTTP and JSON: <c>/bot{token}/{method}</c> answering
/// <c>{"ok":true,"result":...}</c> or <c>{"ok":false,"error_code":...,"description":...,"parameters":{"retry_after":N}}</c>,
/// and file downloads at <c>/file/bot{token}/{path}</c>. getUpdates keeps Telegram's offset, limit and long-poll timeout
/// semantics; setWebhook makes it push updates to the webhook (with the secret-token header) and refuse getUpdates.
/// Failures (429 with retry_after, 500, 403), malformed and duplicate updates can be injected. Calls are recorded.
/// Self-contained (no test support), so the benchmark compiles it too.
/// </summary>
public sealed class FakeTelegram : IAsyncDisposable
{
    public const long BotId = 7000001;
    public const string DefaultToken = "7000001:AAH-fake-bot-token-for-tests";
    public const int MaxDownloadBytes = 20 * 1024 * 1024;

    private readonly WebApplication app;
    private readonly object gate = new();
    private readonly List<(long Id, string Json)> pending = [];
    private readonly ConcurrentDictionary<string, (byte[] Bytes, long Size, string Path)> files = new();
    private readonly HttpClient webhookClient = new();
    private TaskCompletionSource arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long nextUpdateId = 100;
    private long nextMessageId = 5000;

    public FakeTelegram()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        app = builder.Build();
        // One catch-all route: a bot token holds a ':', which route templates do not split on reliably.
        app.Map("/{**path}", (Delegate)RouteAsync);
        app.StartAsync().GetAwaiter().GetResult();
        BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public string BaseUrl { get; }
    public string Token { get; set; } = DefaultToken;
    public string BotUsername { get; set; } = "acme_support_bot";

    /// <summary>Every call as "method", in order.</summary>
    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>What the next send (sendMessage, sendPhoto, sendDocument) answers instead of success.</summary>
    public ConcurrentQueue<(int Status, int? RetryAfter)> SendFailures { get; } = new();

    /// <summary>How many sends still succeed before <see cref="SendFailures"/> apply (to fail a message partway).</summary>
    public int SendsBeforeFailures
    {
        get => Volatile.Read(ref sendsBeforeFailures);
        set => Volatile.Write(ref sendsBeforeFailures, value);
    }

    private int sendsBeforeFailures;

    /// <summary>What the next getUpdates answers instead of success.</summary>
    public ConcurrentQueue<int> UpdateFailures { get; } = new();

    public ConcurrentQueue<SentMessage> Sent { get; } = new();

    /// <summary>Every update is handed out twice (in the same answer), as after a crash between storing and confirming.</summary>
    public bool DuplicateEveryUpdate { get; set; }

    public string? WebhookUrl { get; private set; }
    public string? WebhookSecret { get; private set; }

    public sealed record SentMessage(string Method, string ChatId, string? Text, int? ReplyTo, int? ThreadId, string? FileName, byte[]? File, DateTime At);

    // ---- updates ----

    /// <summary>Queues an update (the object without update_id, which is assigned here); pushes it to the webhook if one is set.</summary>
    public async Task<long> PushAsync(JsonObject update)
    {
        long id;
        lock (gate)
        {
            id = nextUpdateId++;
            update["update_id"] = id;
        }
        await PushRawAsync(id, update.ToJsonString());
        return id;
    }

    /// <summary>Queues text exactly as given (malformed updates), under the next update id.</summary>
    public async Task<long> PushRawAsync(string json)
    {
        long id;
        lock (gate) id = nextUpdateId++;
        await PushRawAsync(id, json);
        return id;
    }

    private async Task PushRawAsync(long id, string json)
    {
        if (WebhookUrl is { } url)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
            if (WebhookSecret is { } secret) request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
            try
            {
                using var response = await webhookClient.SendAsync(request);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Unreachable: Telegram keeps the update and tries again later.
            }
        }
        lock (gate)
        {
            pending.Add((id, json));
            arrived.TrySetResult();
        }
    }

    /// <summary>Updates not yet confirmed by an offset.</summary>
    public int PendingCount
    {
        get
        {
            lock (gate) return pending.Count;
        }
    }

    /// <summary>A file the bot can fetch with getFile; <paramref name="declaredSize"/> stands in for a large one without the bytes.</summary>
    public string AddFile(byte[] bytes, string path, long? declaredSize = null)
    {
        var id = "file-" + Guid.NewGuid().ToString("N")[..12];
        files[id] = (bytes, declaredSize ?? bytes.Length, path);
        return id;
    }

    // ---- the API ----

    private Task<IResult> RouteAsync(HttpContext context, string path)
    {
        if (path.StartsWith("file/bot", StringComparison.Ordinal))
        {
            var rest = path["file/bot".Length..].Split('/', 2);
            if (rest.Length < 2 || rest[0] != Token) return Task.FromResult(Error(401, "Unauthorized"));
            var file = files.Values.FirstOrDefault(f => f.Path == rest[1]);
            return Task.FromResult(file.Bytes is null ? Error(404, "Not Found") : Results.Bytes(file.Bytes, "application/octet-stream"));
        }
        var parts = path.Split('/');
        if (parts.Length != 2 || !parts[0].StartsWith("bot", StringComparison.Ordinal)) return Task.FromResult(Error(404, "Not Found"));
        return HandleAsync(context, parts[0]["bot".Length..], parts[1]);
    }

    private async Task<IResult> HandleAsync(HttpContext context, string token, string method)
    {
        Calls.Enqueue(method);
        if (token != Token) return Error(401, "Unauthorized");
        var args = await ReadArgumentsAsync(context.Request);
        return method switch
        {
            "getMe" => Ok(new JsonObject { ["id"] = BotId, ["is_bot"] = true, ["first_name"] = "Acme Support", ["username"] = BotUsername, ["can_join_groups"] = true }),
            "getUpdates" => await GetUpdatesAsync(args, context.RequestAborted),
            "setWebhook" => SetWebhook(args),
            "deleteWebhook" => DeleteWebhook(),
            "getWebhookInfo" => Ok(new JsonObject { ["url"] = WebhookUrl ?? "", ["has_custom_certificate"] = false, ["pending_update_count"] = PendingCount }),
            "getFile" => GetFile(args),
            "sendMessage" or "sendPhoto" or "sendDocument" => Send(method, args),
            _ => Error(404, "Not Found: method not found"),
        };
    }

    private int inFlightGetUpdates;

    /// <summary>The most getUpdates requests the fake has held at once (long polls of several bots overlapping).</summary>
    public int MaxConcurrentGetUpdates { get; private set; }

    private async Task<IResult> GetUpdatesAsync(Args args, CancellationToken cancellationToken)
    {
        var now = Interlocked.Increment(ref inFlightGetUpdates);
        lock (gate) MaxConcurrentGetUpdates = Math.Max(MaxConcurrentGetUpdates, now);
        try
        {
            return await HoldGetUpdatesAsync(args, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref inFlightGetUpdates);
        }
    }

    private async Task<IResult> HoldGetUpdatesAsync(Args args, CancellationToken cancellationToken)
    {
        if (UpdateFailures.TryDequeue(out var failure)) return Error(failure, "Injected failure");
        if (WebhookUrl is not null) return Error(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
        var offset = args.Long("offset") ?? 0;
        var limit = Math.Clamp(args.Long("limit") ?? 100, 1, 100);
        var timeout = TimeSpan.FromSeconds(Math.Max(0, args.Long("timeout") ?? 0));
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            Task wait;
            lock (gate)
            {
                // An offset confirms every update before it: they are forgotten, as Telegram does.
                if (offset > 0) pending.RemoveAll(u => u.Id < offset);
                var batch = (offset < 0 ? pending.TakeLast((int)-offset) : pending).Take((int)limit).ToList();
                if (batch.Count > 0 || DateTime.UtcNow >= deadline)
                {
                    var items = batch.SelectMany(u => DuplicateEveryUpdate ? new[] { u.Json, u.Json } : [u.Json]);
                    return Results.Text("{\"ok\":true,\"result\":[" + string.Join(',', items) + "]}", "application/json");
                }
                if (arrived.Task.IsCompleted) arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = arrived.Task;
            }
            var left = deadline - DateTime.UtcNow;
            if (left > TimeSpan.Zero) await Task.WhenAny(wait, Task.Delay(left, cancellationToken));
        }
    }

    private IResult SetWebhook(Args args)
    {
        var url = args.String("url");
        if (string.IsNullOrEmpty(url)) return DeleteWebhook();
        if (!url.StartsWith("https://", StringComparison.Ordinal) && !url.StartsWith("http://127.0.0.1", StringComparison.Ordinal))
            return Error(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook");
        WebhookUrl = url;
        WebhookSecret = args.String("secret_token");
        return Ok(JsonValue.Create(true));
    }

    private IResult DeleteWebhook()
    {
        WebhookUrl = null;
        WebhookSecret = null;
        return Ok(JsonValue.Create(true));
    }

    private IResult GetFile(Args args)
    {
        var id = args.String("file_id") ?? "";
        if (!files.TryGetValue(id, out var file)) return Error(400, "Bad Request: invalid file_id");
        if (file.Size > MaxDownloadBytes) return Error(400, "Bad Request: file is too big");
        return Ok(new JsonObject { ["file_id"] = id, ["file_unique_id"] = "u" + id, ["file_size"] = file.Size, ["file_path"] = file.Path });
    }

    private IResult Send(string method, Args args)
    {
        if (Interlocked.Decrement(ref sendsBeforeFailures) < 0 && SendFailures.TryDequeue(out var failure))
        {
            return failure.Status switch
            {
                429 => Error(429, $"Too Many Requests: retry after {failure.RetryAfter}", failure.RetryAfter),
                403 => Error(403, "Forbidden: bot was blocked by the user"),
                _ => Error(failure.Status, "Internal Server Error"),
            };
        }
        var chatId = args.String("chat_id") ?? "";
        var text = method == "sendMessage" ? args.String("text") : args.String("caption");
        if (method == "sendMessage" && (string.IsNullOrEmpty(text) || text.Length > 4096))
            return Error(400, string.IsNullOrEmpty(text) ? "Bad Request: message text is empty" : "Bad Request: message is too long");
        var field = method == "sendPhoto" ? "photo" : "document";
        // The file is the part named after the field, or the part the field points at with "attach://name".
        var attached = args.String(field) is { } reference && reference.StartsWith("attach://", StringComparison.Ordinal) ? reference["attach://".Length..] : field;
        var file = args.Files.GetValueOrDefault(attached);
        if (method != "sendMessage" && file is null) return Error(400, $"Bad Request: there is no {field} in the request");
        var replyTo = args.Json("reply_parameters") is JsonObject reply ? (int?)reply["message_id"]?.GetValue<int>() : (int?)args.Long("reply_to_message_id");
        Sent.Enqueue(new SentMessage(method, chatId, text, replyTo, (int?)args.Long("message_thread_id"), file?.Name, file?.Bytes, DateTime.UtcNow));
        long messageId;
        lock (gate) messageId = nextMessageId++;
        var chat = long.TryParse(chatId, NumberStyles.Integer, CultureInfo.InvariantCulture, out var c) ? c : 0;
        var result = new JsonObject
        {
            ["message_id"] = messageId,
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["chat"] = new JsonObject { ["id"] = chat, ["type"] = chat < 0 ? "supergroup" : "private" },
            ["from"] = new JsonObject { ["id"] = BotId, ["is_bot"] = true, ["first_name"] = "Acme Support", ["username"] = BotUsername },
        };
        if (text is not null) result[method == "sendMessage" ? "text" : "caption"] = text;
        return Ok(result);
    }

    private static IResult Ok(JsonNode result) =>
        Results.Text(new JsonObject { ["ok"] = true, ["result"] = result }.ToJsonString(), "application/json");

    private static IResult Error(int code, string description, int? retryAfter = null)
    {
        var body = new JsonObject { ["ok"] = false, ["error_code"] = code, ["description"] = description };
        if (retryAfter is { } seconds) body["parameters"] = new JsonObject { ["retry_after"] = seconds };
        return Results.Text(body.ToJsonString(), "application/json", statusCode: code);
    }

    // The Bot API takes parameters as a query string, urlencoded or multipart form, or JSON; values in forms are strings
    // and nested objects are JSON-serialised strings.
    private sealed record UploadedFile(string Name, byte[] Bytes);

    private sealed class Args(Dictionary<string, JsonNode?> values, Dictionary<string, UploadedFile> files)
    {
        public Dictionary<string, UploadedFile> Files => files;

        public string? String(string name) => values.GetValueOrDefault(name) switch
        {
            null => null,
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            var node => node.ToJsonString(),
        };

        public long? Long(string name) =>
            long.TryParse(String(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

        public JsonNode? Json(string name) => values.GetValueOrDefault(name) switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) && s.StartsWith('{') => JsonNode.Parse(s),
            var node => node,
        };
    }

    private static async Task<Args> ReadArgumentsAsync(HttpRequest request)
    {
        var values = new Dictionary<string, JsonNode?>();
        var uploads = new Dictionary<string, UploadedFile>();
        foreach (var (key, value) in request.Query) values[key] = JsonValue.Create(value.ToString());
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            foreach (var (key, value) in form) values[key] = JsonValue.Create(value.ToString());
            foreach (var file in form.Files)
            {
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer);
                uploads[file.Name] = new UploadedFile(file.FileName, buffer.ToArray());
            }
        }
        else if (request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) == true)
        {
            if (await JsonNode.ParseAsync(request.Body) is JsonObject body)
                foreach (var (key, value) in body) values[key] = value?.DeepClone();
        }
        return new Args(values, uploads);
    }

    public async ValueTask DisposeAsync()
    {
        webhookClient.Dispose();
        await app.DisposeAsync();
    }
}
