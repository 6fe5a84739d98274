using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using CommHub.Core.Webhooks;
using Microsoft.Extensions.Options;

namespace CommHub.Infrastructure.Webhooks;

/// <summary>
/// Posts webhooks safely: http and https only; every address the host resolves to is checked when the connection is made
/// (so a DNS answer that changes between the check and the send cannot reach the inside), private, loopback and
/// link-local addresses refused unless <see cref="WebhookOptions.AllowPrivateAddresses"/>; redirects are not followed;
/// the whole attempt has <see cref="WebhookOptions.Timeout"/>; at most 4 KB of the answer is read.
/// </summary>
public sealed class HttpWebhookTransport : IWebhookTransport, IDisposable
{
    private const int MaxAnswerBytes = 4096;
    private readonly HttpClient client;
    private readonly IOptions<WebhookOptions> options;

    public HttpWebhookTransport(IOptions<WebhookOptions> options)
    {
        this.options = options;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false, // a proxy would make the address check meaningless
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = 32,
            ConnectCallback = ConnectAsync,
        };
        client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("CommHub-Webhooks/1");
    }

    public async Task<string?> CheckUrlAsync(string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            return "The address must be a full http:// or https:// address.";
        if (!string.IsNullOrEmpty(uri.UserInfo)) return "Put no user name or password in the address; the signature proves who is posting.";
        try
        {
            var addresses = await ResolveAsync(uri.IdnHost, cancellationToken);
            return addresses.FirstOrDefault(a => !Allowed(a)) is { } refused ? Refusal(refused) : null;
        }
        catch (SocketException)
        {
            return $"The host '{uri.Host}' could not be found.";
        }
    }

    public async Task<WebhookAttempt> PostAsync(string url, IReadOnlyDictionary<string, string> headers, string body, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        if (await CheckUrlAsync(url, cancellationToken) is { } refused) return new WebhookAttempt(null, watch.Elapsed, refused);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var answer = await ReadStartAsync(response, timeout.Token);
            var code = (int)response.StatusCode;
            if (code is >= 300 and < 400) answer = $"Redirect to {response.Headers.Location} not followed. " + answer;
            return new WebhookAttempt(code, watch.Elapsed, answer);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebhookAttempt(null, watch.Elapsed, $"No answer within {options.Value.Timeout.TotalSeconds:0} seconds.");
        }
        catch (HttpRequestException ex)
        {
            return new WebhookAttempt(null, watch.Elapsed, ex.InnerException is RefusedAddressException refusal ? refusal.Message : "Could not connect: " + ex.Message);
        }
    }

    private static async Task<string> ReadStartAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxAnswerBytes];
        var read = 0;
        while (read < buffer.Length && await stream.ReadAsync(buffer.AsMemory(read), cancellationToken) is > 0 and var n) read += n;
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var addresses = await ResolveAsync(context.DnsEndPoint.Host, cancellationToken);
        if (addresses.FirstOrDefault(a => !Allowed(a)) is { } refused) throw new RefusedAddressException(Refusal(refused));
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);

    private bool Allowed(IPAddress address) => options.Value.AllowPrivateAddresses || IsPublic(address);

    private static string Refusal(IPAddress address) =>
        $"The address resolves to {address}, a private, loopback or link-local address; webhooks only go to public addresses unless an admin allows private ones (CommHub:Webhooks:AllowPrivateAddresses).";

    /// <summary>Whether an address is on the public internet (not loopback, private, link-local, unique-local, CGNAT or unspecified).</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast)) return false;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast);
        var b = address.GetAddressBytes();
        return !(b[0] == 10 || b[0] == 127 || b[0] == 0
            || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
            || b[0] >= 224);
    }

    public void Dispose() => client.Dispose();

    private sealed class RefusedAddressException(string message) : IOException(message);
}
