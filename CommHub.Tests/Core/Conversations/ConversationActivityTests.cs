using CommHub.Core.Conversations;

namespace CommHub.Tests.Core.Conversations;

/// <summary>
/// Ingest on SQLite writes a conversation's activity without change tracking, column by column from
/// <see cref="Conversation.ActivityProperties"/>: whatever RecordInbound and RecordOutbound change must be in that list.
/// </summary>
public sealed class ConversationActivityTests
{
    private static readonly DateTime At = new(2026, 6, 1, 10, 0, 0, DateTimeKind.Utc);

    public static TheoryData<string> Cases => ["inbound to a snoozed conversation", "inbound to a new one", "outbound to a new one", "a private note"];

    [Theory]
    [MemberData(nameof(Cases))]
    public void RecordingAMessage_ChangesOnlyTheActivityProperties(string situation)
    {
        var conversation = new Conversation
        {
            Id = 7, ChannelId = 1, ContactId = 2, Subject = "Order", Status = situation.Contains("snoozed") ? ConversationStatus.Snoozed : ConversationStatus.New,
            SnoozedUntil = situation.Contains("snoozed") ? At.AddDays(1) : null, LastActivityAt = At, LastMessagePreview = "earlier", CreatedAt = At, UpdatedAt = At,
        };
        var before = Snapshot(conversation);
        var message = new Message { Text = "A new message", CreatedAt = At.AddHours(1), IsPrivateNote = situation == "a private note" };

        if (situation.StartsWith("inbound", StringComparison.Ordinal)) conversation.RecordInbound(message);
        else conversation.RecordOutbound(message);

        var changed = Snapshot(conversation).Where(p => !Equals(p.Value, before[p.Key])).Select(p => p.Key).ToList();
        Assert.NotEmpty(changed);
        Assert.All(changed, name => Assert.Contains(name, Conversation.ActivityProperties));
    }

    [Fact]
    public void EveryActivityProperty_IsOneTheRecordingChanges()
    {
        var snoozed = new Conversation { Status = ConversationStatus.Snoozed, SnoozedUntil = At.AddDays(1), LastActivityAt = At };
        var fresh = new Conversation { Status = ConversationStatus.New, LastActivityAt = At };
        var (beforeInbound, beforeOutbound) = (Snapshot(snoozed), Snapshot(fresh));

        snoozed.RecordInbound(new Message { Text = "in", CreatedAt = At.AddHours(1) });
        fresh.RecordOutbound(new Message { Text = "out", CreatedAt = At.AddHours(1) });

        var changed = Snapshot(snoozed).Where(p => !Equals(p.Value, beforeInbound[p.Key])).Select(p => p.Key)
            .Union(Snapshot(fresh).Where(p => !Equals(p.Value, beforeOutbound[p.Key])).Select(p => p.Key));
        Assert.Equal(Conversation.ActivityProperties.Order(), changed.Order());
    }

    /// <summary>The conversation's own columns (not its navigations).</summary>
    private static Dictionary<string, object?> Snapshot(Conversation conversation) =>
        typeof(Conversation).GetProperties()
            .Where(p => p.CanWrite && (p.PropertyType.IsValueType || p.PropertyType == typeof(string)))
            .ToDictionary(p => p.Name, p => p.GetValue(conversation));
}
