using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CommHub.Tests.Fakes;

/// <summary>
/// A webhook receiver on loopback Kestrel: records every request (path, headers, raw body) and answers what
/// <see cref="Answer"/> says (200 by default), so tests see exactly what went over the wire.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;

    public WebhookReceiver()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        app = builder.Build();
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var received = new Received(context.Request.Path, context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
                await reader.ReadToEndAsync());
            Requests.Enqueue(received);
            var (status, body, delay, location) = Answer(received);
            if (delay > TimeSpan.Zero) await Task.Delay(delay, context.RequestAborted);
            context.Response.StatusCode = status;
            if (location is not null) context.Response.Headers.Location = location;
            await context.Response.WriteAsync(body);
        });
        app.StartAsync().GetAwaiter().GetResult();
        BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public string BaseUrl { get; }

    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>What to answer a request: status, body, a delay before answering, and a Location header.</summary>
    public Func<Received, (int Status, string Body, TimeSpan Delay, string? Location)> Answer { get; set; } = _ => (200, "ok", TimeSpan.Zero, null);

    public IReadOnlyList<Received> At(string path) => Requests.Where(r => r.Path == path).ToList();

    public sealed record Received(string Path, IReadOnlyDictionary<string, string> Headers, string Body);

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
