using CommHub.Core.Conversations;
using Microsoft.Extensions.Logging.Abstractions;

namespace CommHub.Tests.Core.Conversations;

public sealed class ConversationNotifierTests
{
    [Fact]
    public async Task AFailingSubscriber_DoesNotStopTheOthers_AndDisposedOnesHearNothing()
    {
        var notifier = new ConversationNotifier(NullLogger<ConversationNotifier>.Instance);
        var heard = new TaskCompletionSource<LiveEvent>();
        var disposedHeard = false;
        using var failing = notifier.Subscribe(_ => throw new InvalidOperationException("boom"));
        using var good = notifier.Subscribe(e =>
        {
            heard.TrySetResult(e);
            return Task.CompletedTask;
        });
        var gone = notifier.Subscribe(_ =>
        {
            disposedHeard = true;
            return Task.CompletedTask;
        });
        gone.Dispose();
        gone.Dispose();

        notifier.Publish(new LiveEvent(LiveEventKind.MessageAdded, 42));

        Assert.Equal(42, (await heard.Task.WaitAsync(TimeSpan.FromSeconds(5))).ConversationId);
        Assert.False(disposedHeard);
        Assert.Equal(2, notifier.SubscriberCount);
    }
}
