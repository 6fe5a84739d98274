using CommHub.Tests.Fakes;
using CommHub.Tests.TestSupport;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CommHub.Tests.EndToEnd;

/// <summary>
/// The real app on Kestrel at a loopback port, and Debian's Chromium driven by Playwright.
/// Playwright never downloads a browser here: it launches the one found on PATH (or CHROMIUM_PATH).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? playwright;

    public CommHubFactory App { get; } = new();

    /// <summary>The stand-in for Google that the app's Gmail connector talks to.</summary>
    public FakeGmail Gmail { get; } = new();

    /// <summary>The stand-in for Telegram's Bot API that the app's Telegram client talks to.</summary>
    public FakeTelegram Telegram { get; } = new();

    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Gmail.Configure(App);
        Telegram.Configure(App);
        // Webhook tests post to a loopback receiver, which the default refuses (SSRF).
        App.Settings["CommHub:Webhooks:AllowPrivateAddresses"] = "true";
        App.UseKestrel(0);
        App.StartServer();
        var addresses = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath(),
            Headless = true,
            // The flags keep Chromium off the network it does not have here (and out of the sandbox root lacks).
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            ],
        });
    }

    public Task<IPage> NewPageAsync(int width = 1280, int height = 800, string? timeZone = null) =>
        NewPageAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, TimezoneId = timeZone });

    /// <summary>A page in a context of its own (a phone's size, a position, permissions), on the app.</summary>
    public async Task<IPage> NewPageAsync(BrowserNewContextOptions options)
    {
        options.BaseURL = BaseUrl;
        var context = await Browser.NewContextAsync(options);
        context.SetDefaultTimeout(15_000);
        // Expectations wait on a state as long as actions do: the machine may be loaded (5 s, Playwright's default, was not enough).
        Assertions.SetDefaultExpectTimeout(15_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        playwright?.Dispose();
        await App.DisposeAsync();
        await Gmail.DisposeAsync();
        await Telegram.DisposeAsync();
    }

    private static string ChromiumPath()
    {
        var configured = Environment.GetEnvironmentVariable("CHROMIUM_PATH");
        if (!string.IsNullOrEmpty(configured)) return configured;
        foreach (var name in new[] { "chromium", "chromium-browser" })
        {
            foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            {
                var candidate = Path.Combine(dir, name);
                if (File.Exists(candidate)) return candidate;
            }
        }
        throw new InvalidOperationException("No Chromium found on PATH. Run ./test.sh, which installs Debian's chromium, or set CHROMIUM_PATH.");
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
