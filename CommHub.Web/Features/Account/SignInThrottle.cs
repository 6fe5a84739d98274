using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace CommHub.Web.Features.Account;

/// <summary>
/// Failed sign-ins counted per typed email and client address, so a stranger's wrong passwords lock only the
/// stranger out, never the account's owner on another device. Known and unknown emails are treated alike.
/// Each further lock of the same pair doubles the wait (at most a day). Kept in memory: a restart forgets it.
/// </summary>
public sealed class SignInThrottle(IOptions<SecurityOptions> options, TimeProvider clock)
{
    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    private sealed class Entry
    {
        public int Failures;
        public int Locks;
        public DateTimeOffset LockedUntil;
        public DateTimeOffset LastSeen;
    }

    /// <returns>How long this client must still wait for this email, or null when it may try.</returns>
    public TimeSpan? LockedFor(string email, string client)
    {
        if (!entries.TryGetValue(Key(email, client), out var entry)) return null;
        lock (entry)
        {
            var left = entry.LockedUntil - clock.GetUtcNow();
            return left > TimeSpan.Zero ? left : null;
        }
    }

    /// <returns>The wait that starts now, when this failure locked the pair; otherwise null.</returns>
    public TimeSpan? Failed(string email, string client)
    {
        if (entries.Count >= MaxEntries) Prune();
        var entry = entries.GetOrAdd(Key(email, client), _ => new Entry());
        var now = clock.GetUtcNow();
        lock (entry)
        {
            entry.LastSeen = now;
            entry.Failures++;
            if (entry.Failures < options.Value.MaxFailedSignIns) return null;
            entry.Failures = 0;
            var wait = options.Value.LockoutDuration * Math.Pow(2, Math.Min(entry.Locks, 16));
            if (wait > TimeSpan.FromDays(1)) wait = TimeSpan.FromDays(1);
            entry.Locks++;
            entry.LockedUntil = now + wait;
            return wait;
        }
    }

    public void Succeeded(string email, string client) => entries.TryRemove(Key(email, client), out _);

    private void Prune()
    {
        var cutoff = clock.GetUtcNow() - TimeSpan.FromDays(1);
        foreach (var (key, entry) in entries)
            if (entry.LastSeen < cutoff && entry.LockedUntil < clock.GetUtcNow()) entries.TryRemove(key, out _);
    }

    private static string Key(string email, string client) => email.Trim().ToUpperInvariant() + "\n" + client;
}
