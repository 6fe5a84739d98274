using CommHub.Core.Outbox;

namespace CommHub.Tests.TestSupport;

/// <summary>For tests that run the outbox themselves: a background send would only race them.</summary>
public sealed class NoOutboxSignal : IOutboxSignal
{
    public void Signal()
    {
    }
}
