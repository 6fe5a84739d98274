using CommHub.Core.Webhooks;
using CommHub.Infrastructure.Webhooks;
using CommHub.Tests.Fakes;
using Microsoft.Extensions.Options;

namespace CommHub.Tests.Api;

/// <summary>The HTTP transport against a real loopback receiver: SSRF refusals, no redirects, the timeout, the 4 KB cap.</summary>
public sealed class WebhookTransportTests : IAsyncLifetime
{
    private readonly WebhookReceiver receiver = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await receiver.DisposeAsync();

    private static HttpWebhookTransport Transport(bool allowPrivate = false, TimeSpan? timeout = null) =>
        new(Options.Create(new WebhookOptions { AllowPrivateAddresses = allowPrivate, Timeout = timeout ?? TimeSpan.FromSeconds(10) }));

    private static readonly Dictionary<string, string> NoHeaders = [];

    [Theory]
    [InlineData("http://127.0.0.1:9/hook", "127.0.0.1")]
    [InlineData("http://localhost:9/hook", "private, loopback")]
    [InlineData("http://10.1.2.3/hook", "10.1.2.3")]
    [InlineData("http://192.168.0.10/hook", "192.168.0.10")]
    [InlineData("http://172.20.0.1/hook", "172.20.0.1")]
    [InlineData("http://169.254.169.254/latest/meta-data", "169.254.169.254")]
    [InlineData("http://[::1]/hook", "::1")]
    [InlineData("http://[fd00::1]/hook", "fd00::1")]
    [InlineData("http://[::ffff:127.0.0.1]/hook", "private, loopback")]
    [InlineData("ftp://example.com/hook", "http:// or https://")]
    [InlineData("file:///etc/passwd", "http:// or https://")]
    [InlineData("not a url", "http:// or https://")]
    public async Task PrivateAddressesAndOtherSchemes_AreRefusedByDefault(string url, string said)
    {
        using var transport = Transport();
        Assert.Contains(said, await transport.CheckUrlAsync(url, CancellationToken.None));
    }

    [Fact]
    public async Task ASendToLoopback_IsRefusedBeforeConnecting_UnlessAllowed()
    {
        using (var strict = Transport())
        {
            var refused = await strict.PostAsync(receiver.BaseUrl + "/x", NoHeaders, "{}", CancellationToken.None);
            Assert.Null(refused.StatusCode);
            Assert.Contains("loopback", refused.Response);
        }
        Assert.Empty(receiver.Requests);
        using var allowed = Transport(allowPrivate: true);
        Assert.True((await allowed.PostAsync(receiver.BaseUrl + "/x", NoHeaders, "{}", CancellationToken.None)).Succeeded);
    }

    [Fact]
    public async Task ARedirect_IsNotFollowed_AndCountsAsAFailure()
    {
        receiver.Answer = r => r.Path == "/moved" ? (302, "", TimeSpan.Zero, receiver.BaseUrl + "/elsewhere") : (200, "ok", TimeSpan.Zero, null);
        using var transport = Transport(allowPrivate: true);
        var attempt = await transport.PostAsync(receiver.BaseUrl + "/moved", NoHeaders, "{}", CancellationToken.None);
        Assert.Equal(302, attempt.StatusCode);
        Assert.False(attempt.Succeeded);
        Assert.Contains("not followed", attempt.Response);
        Assert.Empty(receiver.At("/elsewhere"));
    }

    [Fact]
    public async Task ASlowReceiver_TimesOut_AndALongAnswerIsCutAt4KB()
    {
        receiver.Answer = r => r.Path == "/slow" ? (200, "late", TimeSpan.FromSeconds(5), null) : (200, new string('x', 100_000), TimeSpan.Zero, null);
        using var transport = Transport(allowPrivate: true, timeout: TimeSpan.FromSeconds(1));
        var slow = await transport.PostAsync(receiver.BaseUrl + "/slow", NoHeaders, "{}", CancellationToken.None);
        Assert.Null(slow.StatusCode);
        Assert.Contains("No answer within 1 seconds", slow.Response);
        Assert.True(slow.Duration < TimeSpan.FromSeconds(4));

        var chatty = await transport.PostAsync(receiver.BaseUrl + "/chatty", NoHeaders, "{}", CancellationToken.None);
        Assert.Equal(4096, chatty.Response.Length);
    }
}
