using CommHub.Tests.Fakes;

namespace CommHub.Tests.TestSupport;

/// <summary>The real app with its Gmail connector pointed at a fresh loopback fake of Google; both go away after the test.</summary>
public abstract class FakeGmailTest : IAsyncLifetime
{
    /// <param name="onPostgres">Run the app on PostgreSQL (<see cref="CommHubFactory.UsePostgres"/>) instead of SQLite.</param>
    protected FakeGmailTest(bool onPostgres = false)
    {
        if (onPostgres) Factory.UsePostgres();
        Gmail.Configure(Factory);
    }

    protected FakeGmail Gmail { get; } = new();

    protected CommHubFactory Factory { get; } = new();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Gmail.DisposeAsync();
    }
}
