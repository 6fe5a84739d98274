using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace CommHub.Benchmarks.Media;

/// <summary>
/// Long-lived worker threads, as Hangfire's are. A fresh thread per batch would distort the memory figure: libvips keeps
/// buffers per thread, and a thread it did not start and that ends without vips_thread_shutdown leaves them behind.
/// </summary>
internal sealed class WorkerThreads : IDisposable
{
    private readonly BlockingCollection<(Action Work, CountdownEvent Done)> queue = new();
    private readonly List<Thread> threads;
    private Exception? failure;

    public WorkerThreads(int count)
    {
        threads = Enumerable.Range(0, count).Select(i => new Thread(Loop) { IsBackground = true, Name = $"worker {i + 1}" }).ToList();
        threads.ForEach(t => t.Start());
    }

    /// <summary>Runs <paramref name="work"/> on every thread at once and returns when all are done.</summary>
    public void RunOnAll(Action work)
    {
        using var done = new CountdownEvent(threads.Count);
        foreach (var _ in threads) queue.Add((work, done));
        done.Wait();
        if (Interlocked.Exchange(ref failure, null) is { } error) ExceptionDispatchInfo.Throw(error);
    }

    private void Loop()
    {
        foreach (var (work, done) in queue.GetConsumingEnumerable())
        {
            try { work(); }
            catch (Exception ex) { Interlocked.CompareExchange(ref failure, ex, null); }
            finally { done.Signal(); }
        }
    }

    public void Dispose()
    {
        queue.CompleteAdding();
        threads.ForEach(t => t.Join());
        queue.Dispose();
    }
}
