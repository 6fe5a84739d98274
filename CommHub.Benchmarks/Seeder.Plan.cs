using System.Globalization;
using CommHub.Core.Conversations;

namespace CommHub.Benchmarks;

/// <summary>
/// The shape of the data, decided before anything is written. Messages are derived from (conversation, position) by a
/// hash rather than drawn from the shared random sequence, because they are written in time order, not conversation order.
/// </summary>
internal sealed partial class Seeder
{
    private struct Planned
    {
        public int Channel;
        public int ContactId;
        public ConversationStatus Status;
        public ConversationPriority Priority;
        public int Assignee;
        public DateTime CreatedAt;
        public DateTime LastActivityAt;
        public int Messages;
        public int AgentUnread;
        public int CustomerUnread;
        public int Label1;
        public int Label2;
    }

    private readonly record struct Composed(MessageDirection Direction, bool PrivateNote, string Text);

    private static readonly (ConversationStatus Status, int Weight)[] StatusMix =
    [
        (ConversationStatus.New, 8), (ConversationStatus.Open, 22), (ConversationStatus.Pending, 12),
        (ConversationStatus.Snoozed, 5), (ConversationStatus.Resolved, 28), (ConversationStatus.Closed, 25),
    ];

    private static readonly (ConversationPriority Priority, int Weight)[] PriorityMix =
    [
        (ConversationPriority.Low, 20), (ConversationPriority.Normal, 60), (ConversationPriority.High, 15), (ConversationPriority.Urgent, 5),
    ];

    private static readonly int[] ChannelWeights = SeedText.Channels.Select(c => c.Weight).ToArray();
    private static readonly int[] StatusWeights = StatusMix.Select(s => s.Weight).ToArray();
    private static readonly int[] PriorityWeights = PriorityMix.Select(p => p.Weight).ToArray();

    private void PlanConversations()
    {
        PlanThreadLengths();
        var year = TimeSpan.FromDays(365);
        for (var i = 0; i < conversations; i++)
        {
            ref var c = ref plan[i];
            c.Channel = Pick(ChannelWeights);
            c.ContactId = random.Next(1, ContactCount + 1);
            c.Status = i == LongThreadIndex ? ConversationStatus.Open : StatusMix[Pick(StatusWeights)].Status;
            c.Priority = PriorityMix[Pick(PriorityWeights)].Priority;
            c.Assignee = c.Status == ConversationStatus.New || random.Next(4) == 0 ? -1 : random.Next(agentIds.Length);

            // Ids follow creation time over the past year; activity trails creation by minutes to weeks.
            c.CreatedAt = now - year + (year - TimeSpan.FromHours(1)) * ((double)i / conversations) + TimeSpan.FromSeconds(random.Next(3600));
            var lifetime = c.Messages == 1 ? TimeSpan.Zero
                : i == LongThreadIndex ? TimeSpan.FromDays(30)
                : TimeSpan.FromMinutes(5 + -Math.Log(1 - random.NextDouble()) * 2 * 24 * 60);
            // Still-running conversations end somewhere before now, not all on the same instant at the top of the inbox.
            if (c.CreatedAt + lifetime > now) lifetime = (now - c.CreatedAt) * random.NextDouble();
            c.LastActivityAt = c.CreatedAt + lifetime + TimeSpan.FromTicks(random.Next(10_000_000));
            if (c.LastActivityAt > now) c.LastActivityAt = now;

            c.Label1 = c.Label2 = -1;
            if (random.NextDouble() < 0.2)
            {
                c.Label1 = random.Next(SeedText.Labels.Length);
                if (random.Next(10) < 3) c.Label2 = (c.Label1 + 1 + random.Next(SeedText.Labels.Length - 1)) % SeedText.Labels.Length;
            }

            var trailingInbound = 0;
            for (var k = c.Messages - 1; k >= 0 && Compose(i, k).Direction == MessageDirection.Inbound; k--) trailingInbound++;
            c.AgentUnread = c.Status is ConversationStatus.New or ConversationStatus.Open ? trailingInbound : 0;
            c.CustomerUnread = trailingInbound == 0 && c.Status == ConversationStatus.Pending ? 1 : 0;
        }
    }

    /// <summary>Mostly short threads (geometric, mean about messages/conversations), one of exactly 500, the total exact.</summary>
    private void PlanThreadLengths()
    {
        var mean = (double)(messages - LongThreadLength) / (conversations - 1);
        var p = 1 / mean;
        var total = 0L;
        for (var i = 0; i < conversations; i++)
        {
            plan[i].Messages = i == LongThreadIndex ? LongThreadLength
                : Math.Min(MaxOrdinaryThread, 1 + (int)(Math.Log(1 - random.NextDouble()) / Math.Log(1 - p)));
            total += plan[i].Messages;
        }
        for (var left = messages - total; left != 0;)
        {
            var i = random.Next(conversations);
            if (i == LongThreadIndex) continue;
            if (left > 0 && plan[i].Messages < MaxOrdinaryThread) { plan[i].Messages++; left--; }
            else if (left < 0 && plan[i].Messages > 1) { plan[i].Messages--; left++; }
        }
    }

    private int Pick(int[] weights)
    {
        var roll = random.Next(weights.Sum());
        for (var i = 0; ; i++)
        {
            roll -= weights[i];
            if (roll < 0) return i;
        }
    }

    /// <summary>The first message opens the conversation; the last is never a private note, so it is the preview.</summary>
    private Composed Compose(int index, int k)
    {
        var h = Hash(index + 1, k);
        var last = k == plan[index].Messages - 1;
        var inbound = k == 0 || plan[index].Status == ConversationStatus.New || (k % 2 == 0) != (h % 5 == 0);
        if (inbound) return new(MessageDirection.Inbound, false, SeedText.Customer[h % (uint)SeedText.Customer.Length]);
        if (!last && h % 12 == 0) return new(MessageDirection.Outbound, true, SeedText.Notes[h % (uint)SeedText.Notes.Length]);
        return new(MessageDirection.Outbound, false, SeedText.Agent[h % (uint)SeedText.Agent.Length]);
    }

    /// <summary>Evenly spread from creation to last activity, the last message exactly at LastActivityAt.</summary>
    private DateTime MessageTime(int index, int k)
    {
        ref var c = ref plan[index];
        if (k == c.Messages - 1) return c.LastActivityAt;
        return c.CreatedAt + TimeSpan.FromTicks((c.LastActivityAt - c.CreatedAt).Ticks * k / (c.Messages - 1));
    }

    private static uint Hash(int a, int b)
    {
        unchecked
        {
            var h = (uint)a * 2654435761u ^ (uint)b * 2246822519u;
            h ^= h >> 15;
            h *= 2654435761u;
            return h ^ (h >> 13);
        }
    }

    private static (string Name, string Email) ContactName(int id)
    {
        var first = SeedText.FirstNames[id % SeedText.FirstNames.Length];
        var last = SeedText.LastNames[id / SeedText.FirstNames.Length % SeedText.LastNames.Length];
        return ($"{first} {last}", $"{first}.{last}.{id}@example.com".ToLowerInvariant());
    }

    private static string TelegramId(int contactId) => (100_000_000 + contactId * 7919L).ToString(CultureInfo.InvariantCulture);
}
