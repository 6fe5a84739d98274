using CommHub.Tests.Fakes;

namespace CommHub.Tests.TestSupport;

/// <summary>The real app with its Gmail connector pointed at a fresh loopback fake of Google; both go away after the test.</summary>
public abstract class FakeGmailTest : IAsyncLifetime
{
    protected FakeGmailTest() => Gmail.Configure(Factory);

    protected FakeGmail Gmail { get; } = new();

    protected CommHubFactory Factory { get; } = new();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Gmail.DisposeAsync();
    }
}
