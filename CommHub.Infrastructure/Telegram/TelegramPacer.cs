using Microsoft.Extensions.Options;

namespace CommHub.Infrastructure.Telegram;

/// <summary>
/// Keeps sends under Telegram's limits so a burst does not earn 429s: about one message a second to a chat, and at most
/// <see cref="TelegramOptions.GroupMessagesPerMinute"/> a minute to a group. A send reserves its slot and is told how long
/// to wait for it; a send whose slot is further away than the caller will wait takes no slot (it is tried again later),
/// so a burst that is put off does not push its own slots further out each time it is tried.
/// Not System.Threading.RateLimiting: its limiters read the system clock and cannot take a <see cref="TimeProvider"/>
/// (dotnet/runtime#106447, open), so the pacing could only be tested by waiting in real time; this one is tested on a
/// fake clock, and a deferred send reserves nothing, which a limiter's lease would.
/// </summary>
public sealed class TelegramPacer(IOptions<TelegramOptions> options, TimeProvider clock)
{
    /// <summary>Past this many chats, those quiet for a minute are forgotten, so the app's memory does not grow with every chat.</summary>
    private const int ChatsKept = 1000;

    private readonly Dictionary<string, List<DateTimeOffset>> sent = [];

    /// <param name="maxWait">The longest the caller will wait: a later slot is not taken, only reported.</param>
    /// <returns>How long until the slot; <c>Reserved</c> is false when that is past <paramref name="maxWait"/>.</returns>
    public (TimeSpan Wait, bool Reserved) Reserve(string chatId, bool isGroup, TimeSpan maxWait)
    {
        var now = clock.GetUtcNow();
        lock (sent)
        {
            if (sent.Count > ChatsKept)
            {
                foreach (var quiet in sent.Where(c => c.Value[^1] < now - TimeSpan.FromMinutes(1)).Select(c => c.Key).ToList()) sent.Remove(quiet);
            }
            if (!sent.TryGetValue(chatId, out var times)) sent[chatId] = times = [];
            times.RemoveAll(t => t < now - TimeSpan.FromMinutes(1));
            var slot = times.Count == 0 ? now : Max(now, times[^1] + options.Value.PerChatInterval);
            var perMinute = options.Value.GroupMessagesPerMinute;
            if (isGroup && times.Count >= perMinute) slot = Max(slot, times[^perMinute] + TimeSpan.FromMinutes(1));
            if (slot - now > maxWait) return (slot - now, false);
            times.Add(slot);
            return (slot - now, true);
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
