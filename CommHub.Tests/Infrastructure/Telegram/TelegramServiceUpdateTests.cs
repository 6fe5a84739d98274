using System.Text.Json.Nodes;
using CommHub.Core.Analytics;
using CommHub.Core.Conversations;
using CommHub.Core.Ingest;
using CommHub.Core.Rules;
using CommHub.Core.Templates;
using CommHub.Tests.Fakes;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CommHub.Tests.Fakes.TelegramUpdates;

namespace CommHub.Tests.Infrastructure.Telegram;

/// <summary>
/// Updates the app shows no message for, in the Bot API's wire shapes through the fake and the production client: counted
/// per kind on the channel; joins, leaves and topic closes as system lines in the thread, never a customer's message.
/// </summary>
public sealed class TelegramServiceUpdateTests : FakeTelegramTest
{
    private readonly JsonObject ann = User(1001, "Ann", "Lee", "annlee");
    private readonly JsonObject bob = User(1002, "Bob");
    private readonly JsonObject carl = User(1003, "Carl");
    private int channelId;

    public override async Task InitializeAsync() => channelId = await Telegram.AddChannelAsync(Factory);


    private static JsonObject Poll() => new()
    {
        ["id"] = "5123", ["question"] = "Lunch?", ["total_voter_count"] = 0, ["is_closed"] = false, ["is_anonymous"] = true,
        ["type"] = "regular", ["allows_multiple_answers"] = false,
        ["options"] = new JsonArray(new JsonObject { ["text"] = "Pizza", ["voter_count"] = 0 }, new JsonObject { ["text"] = "Sushi", ["voter_count"] = 0 }),
    };

    [Fact]
    public async Task PollsDiceReactionsAndMemberChanges_AreSkipped_AndCountedPerKindOnTheChannel()
    {
        var group = Group(-100700, "Acme customers");
        await Telegram.PushAsync(Update(Message(group, ann, "Hello")));
        await Telegram.PushAsync(Update(TelegramUpdates.With(Message(group, ann), "poll", Poll())));
        await Telegram.PushAsync(new JsonObject { ["poll"] = Poll() });
        await Telegram.PushAsync(Update(TelegramUpdates.With(Message(group, bob), "dice", new JsonObject { ["emoji"] = "🎲", ["value"] = 4 })));
        await Telegram.PushAsync(Update(TelegramUpdates.With(Message(group, bob), "dice", new JsonObject { ["emoji"] = "🎯", ["value"] = 6 })));
        await Telegram.PushAsync(new JsonObject
        {
            ["message_reaction"] = new JsonObject
            {
                ["chat"] = group.DeepClone(), ["message_id"] = 1, ["user"] = bob.DeepClone(), ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["old_reaction"] = new JsonArray(), ["new_reaction"] = new JsonArray(new JsonObject { ["type"] = "emoji", ["emoji"] = "👍" }),
            },
        });
        await Telegram.PushAsync(new JsonObject
        {
            ["chat_member"] = new JsonObject
            {
                ["chat"] = group.DeepClone(), ["from"] = ann.DeepClone(), ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["old_chat_member"] = new JsonObject { ["user"] = carl.DeepClone(), ["status"] = "left" },
                ["new_chat_member"] = new JsonObject { ["user"] = carl.DeepClone(), ["status"] = "member" },
            },
        });
        // A join in a group with no conversation yet starts none: skipped, as a join.
        await Telegram.PushAsync(Update(TelegramUpdates.With(Message(Group(-100701, "Quiet group"), bob), "new_chat_members", new JsonArray(bob.DeepClone()))));

        var result = await Factory.PollAsync(channelId);

        Assert.Equal(1, result.Stored);
        var counts = (await Factory.Services.GetRequiredService<IntakeService>().CountsAsync())[channelId];
        Assert.Equal(7, counts.Skipped);
        Assert.Equal(
            new Dictionary<string, int> { ["poll"] = 2, ["dice"] = 2, ["message_reaction"] = 1, ["chat_member"] = 1, ["new_chat_members"] = 1 },
            counts.SkippedByKind.ToDictionary());
        Assert.Equal("2 dice, 2 polls, 1 member change, 1 reaction, 1 join", IntakeSkipKinds.Describe(counts.SkippedByKind));
        await using var db = await Factory.CreateDbAsync();
        Assert.Equal(["Hello"], await db.Messages.Where(m => m.ChannelId == channelId).Select(m => m.Text).ToListAsync());
    }

    [Fact]
    public async Task JoinsLeavesAndTopicClosures_AreSystemLinesInTheThread_NeverUnreadAutoAnsweredOrCounted()
    {
        int templateId;
        await using (var db = await Factory.CreateDbAsync())
        {
            var template = new Template { Name = "Thanks", Shortcut = "thanks" + Guid.NewGuid().ToString("N")[..6], Body = "Thanks, we will answer soon." };
            db.Templates.Add(template);
            await db.SaveChangesAsync();
            templateId = template.Id;
            // Every customer message is answered: the first of a conversation and every later one.
            foreach (var trigger in new[] { RuleTrigger.NewConversation, RuleTrigger.InboundMessage })
                db.Rules.Add(new Rule
                {
                    Name = $"Answer {trigger}", Trigger = trigger, CooldownMinutes = 0,
                    Actions = [new RuleAction { Kind = RuleActionKind.ReplyWithTemplate, TemplateId = templateId }],
                });
            await db.SaveChangesAsync();
        }
        var group = Group(-100702, "Acme customers");
        var forum = Group(-100703, "Acme forum", forum: true);
        await Telegram.PushAsync(Update(Message(group, ann, "Hello")));
        await Telegram.PushAsync(Update(Message(forum, ann, "Invoice is wrong").InTopic(7, "Billing")));
        await Factory.PollAsync(channelId);

        await Telegram.PushAsync(Update(TelegramUpdates.With(Message(group, bob), "new_chat_members", new JsonArray(bob.DeepClone()))));
        await Telegram.PushAsync(Update(TelegramUpdates.With(Message(group, ann), "new_chat_members", new JsonArray(carl.DeepClone()))));
        await Telegram.PushAsync(Update(TelegramUpdates.With(Message(group, bob), "left_chat_member", bob.DeepClone())));
        await Telegram.PushAsync(Update(TelegramUpdates.With(Message(group, ann), "left_chat_member", carl.DeepClone())));
        foreach (var field in new[] { "forum_topic_closed", "forum_topic_reopened" })
        {
            var change = TelegramUpdates.With(Message(forum, ann), field, new JsonObject());
            change["message_thread_id"] = 7;
            // The closing marked as a topic message, the reopening without the flag: both belong to the topic.
            if (field == "forum_topic_closed") change["is_topic_message"] = true;
            await Telegram.PushAsync(Update(change));
        }
        var result = await Factory.PollAsync(channelId);

        Assert.Equal(0, result.Stored);
        await using var check = await Factory.CreateDbAsync();
        var groupConversation = await check.Conversations.SingleAsync(c => c.ChannelId == channelId && c.ExternalThreadKey == "-100702");
        var topic = await check.Conversations.SingleAsync(c => c.ChannelId == channelId && c.ExternalThreadKey == "-100703:7");
        async Task<List<string>> LinesAsync(int conversationId) => await check.Messages
            .Where(m => m.ConversationId == conversationId && m.SenderKind == SenderKind.System).OrderBy(m => m.Id).Select(m => m.Text).ToListAsync();
        Assert.Equal(["Bob joined the group", "Ann Lee added Carl to the group", "Bob left the group", "Ann Lee removed Carl from the group"], await LinesAsync(groupConversation.Id));
        Assert.Equal(["Ann Lee closed the topic", "Ann Lee reopened the topic"], await LinesAsync(topic.Id));
        // Only the customers' messages are unread and answered; the preview is still the last real message (the answer).
        Assert.Equal((1, "Thanks, we will answer soon."), (groupConversation.AgentUnreadCount, groupConversation.LastMessagePreview));
        Assert.Equal(1, topic.AgentUnreadCount);
        Assert.Equal(2, await check.Messages.CountAsync(m => m.ChannelId == channelId && m.Direction == MessageDirection.Outbound));
        Assert.False(await check.Messages.AnyAsync(m => m.SenderKind == SenderKind.System && (m.RulesDue != null || m.DeliveryStatus != DeliveryStatus.Read)));
        Assert.False(await check.Notifications.AnyAsync());
        Assert.Equal(2, await check.AnalyticsEvents.CountAsync(e => e.Kind == AnalyticsEventKind.Inbound));
        // The thread shows them, in order, as system lines beside the customer's message and its answer.
        var thread = await Factory.Services.GetRequiredService<ConversationService>().GetThreadAsync(groupConversation.Id);
        Assert.Equal((1, 1, 4), (thread!.Messages.Count(m => m.SenderKind == SenderKind.Contact), thread.Messages.Count(m => m.SenderKind == SenderKind.Bot),
            thread.Messages.Count(m => m.SenderKind == SenderKind.System)));
        Assert.Equal("Bob joined the group", thread.Messages.First(m => m.SenderKind == SenderKind.System).Text);

        // A redelivered join is stored once.
        var counted = await check.Messages.CountAsync(m => m.SenderKind == SenderKind.System);
        await Telegram.PushAsync(Update(TelegramUpdates.With(Message(group, bob, messageId: 4242), "new_chat_members", new JsonArray(bob.DeepClone()))));
        await Telegram.PushAsync(Update(TelegramUpdates.With(Message(group, bob, messageId: 4242), "new_chat_members", new JsonArray(bob.DeepClone()))));
        await Factory.PollAsync(channelId);
        Assert.Equal(counted + 1, await check.Messages.CountAsync(m => m.SenderKind == SenderKind.System));
    }
}
