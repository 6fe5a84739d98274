using CommHub.Infrastructure.Jobs;
using Microsoft.Extensions.Time.Testing;

namespace CommHub.Tests.Infrastructure.Telegram;

/// <summary>A burst of webhook posts queues one drain job per channel, not one per post, and never leaves a request without one.</summary>
public sealed class IntakeSignalTests
{
    private readonly RecordingJobClient jobs = new();
    private readonly FakeTimeProvider clock = new();

    [Fact]
    public void ABurst_QueuesOneDrainPerChannel_UntilItStarts()
    {
        var signal = new HangfireIntakeSignal(jobs, clock);

        for (var i = 0; i < 100; i++) signal.Drain(1);
        signal.Drain(2);
        Assert.Equal(2, jobs.Jobs.Count);

        // Once the job runs, it may be past the rows a new request is about: that request queues another.
        signal.Started(1);
        signal.Drain(1);
        Assert.Equal(3, jobs.Jobs.Count);
    }

    [Fact]
    public void AJobThisProcessNeverSawStart_DoesNotHoldRequestsBackForLong()
    {
        var signal = new HangfireIntakeSignal(jobs, clock);
        signal.Drain(1);

        clock.Advance(TimeSpan.FromMilliseconds(500));
        signal.Drain(1);
        Assert.Single(jobs.Jobs);

        // Another instance ran it; after a second this one queues again.
        clock.Advance(TimeSpan.FromSeconds(1));
        signal.Drain(1);
        Assert.Equal(2, jobs.Jobs.Count);
    }
}
