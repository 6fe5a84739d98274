using System.Collections.Concurrent;

namespace CommHub.Core.Users;

/// <summary>
/// Which staff members have the app open right now (one count per open circuit), for round-robin
/// assignment. Holds user ids only; it is rebuilt as circuits reconnect after a restart.
/// </summary>
public sealed class AgentPresence
{
    private readonly ConcurrentDictionary<string, int> circuits = new();

    public void Connected(string userId) => circuits.AddOrUpdate(userId, 1, (_, n) => n + 1);

    public void Disconnected(string userId)
    {
        if (circuits.AddOrUpdate(userId, 0, (_, n) => Math.Max(0, n - 1)) == 0)
            circuits.TryRemove(new KeyValuePair<string, int>(userId, 0));
    }

    public IReadOnlySet<string> Online => circuits.Where(c => c.Value > 0).Select(c => c.Key).ToHashSet();
}
