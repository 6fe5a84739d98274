using System.Threading.Channels;

namespace CommHub.Core.Ingest;

/// <summary>
/// Group commit for updates that arrive one per request (webhook posts): each caller waits for its row's commit, but the
/// rows of callers that arrive while a commit is running are written together in the next one. Forty webhook connections
/// then cost a few commits (each a disk flush) rather than forty, and every post is still answered only after its own
/// row is durable. A group that fails is written again row by row, so one bad row fails only its own caller.
/// </summary>
internal sealed class IntakeGroupCommit(
    Func<IReadOnlyList<IntakeGroupCommit.Item>, Task<IReadOnlyList<bool>>> writeGroup,
    Func<IntakeGroupCommit.Item, Task<bool>> writeOne)
{
    /// <summary>The most rows in one commit.</summary>
    public const int MaxGroup = 100;

    public sealed record Item(int ChannelId, ReceivedUpdate Update)
    {
        public TaskCompletionSource<bool> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private readonly Channel<Item> queue = Channel.CreateUnbounded<Item>(new UnboundedChannelOptions { SingleReader = true });
    private int writing;

    /// <returns>True when the row is new, false for a redelivery.</returns>
    public Task<bool> StoreAsync(int channelId, ReceivedUpdate update, CancellationToken cancellationToken)
    {
        var item = new Item(channelId, update);
        queue.Writer.TryWrite(item);
        if (Interlocked.CompareExchange(ref writing, 1, 0) == 0) _ = Task.Run(WriteAllAsync, CancellationToken.None);
        // A caller that gives up still has its row written; it is just not told.
        return item.Result.Task.WaitAsync(cancellationToken);
    }

    private async Task WriteAllAsync()
    {
        while (true)
        {
            var group = new List<Item>();
            while (group.Count < MaxGroup && queue.Reader.TryRead(out var item)) group.Add(item);
            if (group.Count > 0)
            {
                await WriteAsync(group);
                continue;
            }
            Volatile.Write(ref writing, 0);
            // An item queued after the last read but before the flag was cleared found the writer still running: look again.
            if (!queue.Reader.TryPeek(out _) || Interlocked.CompareExchange(ref writing, 1, 0) != 0) return;
        }
    }

    private async Task WriteAsync(List<Item> group)
    {
        if (group.Count > 1)
        {
            try
            {
                var results = await writeGroup(group);
                for (var i = 0; i < group.Count; i++) group[i].Result.TrySetResult(results[i]);
                return;
            }
            catch (Exception)
            {
                // Fall through: each row on its own, so the error reaches only the caller whose row causes it.
            }
        }
        foreach (var item in group)
        {
            try
            {
                item.Result.TrySetResult(await writeOne(item));
            }
            catch (Exception ex)
            {
                item.Result.TrySetException(ex);
            }
        }
    }
}
