using System.Text.Json.Nodes;
using CommHub.Core.Conversations;
using CommHub.Tests.Fakes;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using static CommHub.Tests.Fakes.TelegramUpdates;

namespace CommHub.Tests.Infrastructure.Telegram;

/// <summary>
/// Names and titles from Telegram longer than their columns are clipped before they are stored. On PostgreSQL, which (like
/// SQL Server) refuses a value longer than its column, an unclipped one would fail the whole page.
/// </summary>
public sealed class TelegramColumnLimitsTests() : FakeTelegramTest(onPostgres: true)
{
    [Fact]
    public async Task OverLongNamesGroupTitlesAndTopicNames_AreStoredClipped()
    {
        var channelId = await Telegram.AddChannelAsync(Factory);
        var member = User(2001, new string('F', 300), new string('L', 120));
        var group = Group(-100800, "Group " + new string('G', 600));
        var forum = Group(-100801, "Forum " + new string('H', 600), forum: true);
        await Telegram.PushAsync(Update(Message(group, member, "Hello from a long name")));
        await Telegram.PushAsync(Update(Message(forum, member, "In a long topic").InTopic(5, "Topic " + new string('T', 700))));
        await Telegram.PushAsync(Update(TelegramUpdates.With(Message(group, member), "new_chat_members", new JsonArray(member.DeepClone()))));

        var first = await Factory.PollAsync(channelId);
        var renamed = Message(forum, member);
        renamed["message_thread_id"] = 5;
        renamed["is_topic_message"] = true;
        renamed["forum_topic_edited"] = new JsonObject { ["name"] = "Renamed " + new string('R', 700) };
        await Telegram.PushAsync(Update(renamed));
        await Factory.PollAsync(channelId);

        Assert.Equal(2, first.Stored);
        await using var db = await Factory.CreateDbAsync();
        var messages = await db.Messages.Where(m => m.ChannelId == channelId).OrderBy(m => m.Id).ToListAsync();
        Assert.Equal(3, messages.Count);
        Assert.All(messages, m => Assert.Equal(200, m.SenderName!.Length));
        Assert.Equal(SenderKind.System, messages[2].SenderKind);
        var conversations = await db.Conversations.Include(c => c.Contact).Where(c => c.ChannelId == channelId).OrderBy(c => c.Id).ToListAsync();
        Assert.All(conversations, c => Assert.InRange(c.Subject.Length, 1, 500));
        Assert.StartsWith("Group GGG", conversations[0].Subject);
        Assert.StartsWith("Renamed RRR", conversations[1].Subject);
        Assert.All(conversations, c => Assert.Equal(200, c.Contact!.Name.Length));
        var person = await db.ContactIdentities.Include(i => i.Contact).SingleAsync(i => i.Value == "2001");
        Assert.Equal(200, person.Contact!.Name.Length);
        Assert.EndsWith("…", person.Contact.Name);
    }

}
