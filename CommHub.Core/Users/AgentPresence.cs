using System.Collections.Concurrent;

namespace CommHub.Core.Users;

/// <summary>How a staff member shows in the assignment menu and beside a conversation.</summary>
public enum PresenceState
{
    Offline,
    /// <summary>The app is open, but hidden (another tab, a locked screen) or untouched for a while.</summary>
    Away,
    Online,
}

/// <summary>
/// Which staff members have the app open right now, one entry per open circuit: for round-robin assignment (the app is
/// open) and for presence (online while a page is in front of them and used, away while hidden or idle). Holds ids
/// only; it is rebuilt as circuits reconnect after a restart.
/// </summary>
public sealed class AgentPresence
{
    private readonly ConcurrentDictionary<string, (string UserId, bool Active)> circuits = new();

    public void Connected(string circuitId, string userId) => circuits[circuitId] = (userId, true);

    public void Disconnected(string circuitId) => circuits.TryRemove(circuitId, out _);

    /// <summary>The page of this circuit is in front of its user and used (true), or hidden or idle (false).</summary>
    public void SetActive(string circuitId, bool active)
    {
        if (circuits.TryGetValue(circuitId, out var entry)) circuits.TryUpdate(circuitId, (entry.UserId, active), entry);
    }

    /// <summary>Staff with the app open, active or not: round-robin assigns among them.</summary>
    public IReadOnlySet<string> Online => circuits.Values.Select(c => c.UserId).ToHashSet();

    public PresenceState StateOf(string userId)
    {
        var state = PresenceState.Offline;
        foreach (var (user, active) in circuits.Values)
        {
            if (user != userId) continue;
            if (active) return PresenceState.Online;
            state = PresenceState.Away;
        }
        return state;
    }
}
