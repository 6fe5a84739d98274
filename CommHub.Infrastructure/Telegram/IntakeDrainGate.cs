using System.Collections.Concurrent;

namespace CommHub.Infrastructure.Telegram;

/// <summary>
/// One drain per channel at a time in this process. A drain asked for while one runs is not queued behind it: the running
/// one sees the request and goes round once more, so rows stored meanwhile are not left behind. Across processes (several
/// hosts on one server database) two drains may overlap; that is safe because ingest dedupes by external id.
/// </summary>
public sealed class IntakeDrainGate
{
    private sealed class Gate
    {
        public readonly SemaphoreSlim Lock = new(1, 1);
        public int Requested;
    }

    private readonly ConcurrentDictionary<int, Gate> gates = new();

    /// <param name="wait">Wait for a running drain and then drain at least once (the poller, which reports what it stored);
    /// otherwise leave the work to the running drain.</param>
    public async Task<int> RunAsync(int channelId, bool wait, Func<CancellationToken, Task<int>> drain, CancellationToken cancellationToken)
    {
        var gate = gates.GetOrAdd(channelId, _ => new Gate());
        Interlocked.Exchange(ref gate.Requested, 1);
        var total = 0;
        while (true)
        {
            if (wait) await gate.Lock.WaitAsync(cancellationToken);
            else if (!await gate.Lock.WaitAsync(0, cancellationToken)) return total;
            try
            {
                if (wait)
                {
                    Interlocked.Exchange(ref gate.Requested, 0);
                    total += await drain(cancellationToken);
                    wait = false;
                }
                while (Interlocked.Exchange(ref gate.Requested, 0) == 1) total += await drain(cancellationToken);
            }
            finally
            {
                gate.Lock.Release();
            }
            // A request that came between the last check and the release: take it, unless another drain already has.
            if (Volatile.Read(ref gate.Requested) == 0) return total;
        }
    }
}
