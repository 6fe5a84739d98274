namespace CommHub.Core.Common;

/// <summary>A handle that runs its action the first time it is disposed, and never again (safe from any thread).</summary>
public sealed class DisposeOnce(Action release) : IDisposable
{
    private Action? release = release;

    public void Dispose() => Interlocked.Exchange(ref release, null)?.Invoke();
}
