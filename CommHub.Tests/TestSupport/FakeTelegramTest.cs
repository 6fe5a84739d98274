using CommHub.Tests.Fakes;

namespace CommHub.Tests.TestSupport;

/// <summary>The real app with its Telegram client pointed at a fresh loopback fake of the Bot API; both go away after the test.</summary>
public abstract class FakeTelegramTest : IAsyncLifetime
{
    /// <param name="publicBaseUrl">The app's public address, which webhook mode needs; null offers polling only.</param>
    /// <param name="onPostgres">Run the app on PostgreSQL (<see cref="CommHubFactory.UsePostgres"/>) instead of SQLite.</param>
    protected FakeTelegramTest(string? publicBaseUrl = null, bool onPostgres = false)
    {
        if (onPostgres) Factory.UsePostgres();
        Telegram.Configure(Factory, publicBaseUrl);
    }

    protected FakeTelegram Telegram { get; } = new();

    protected CommHubFactory Factory { get; } = new();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Telegram.DisposeAsync();
    }
}
