using CommHub.Core.Conversations;
using CommHub.Core.Notifications;
using CommHub.Core.Portal;
using CommHub.Core.Users;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Core.Conversations;

public sealed class BulkAndWaitingTests(QuietOutboxFactory factory) : BulkAndWaitingTestsBase<QuietOutboxFactory>(factory);

public sealed class BulkAndWaitingTestsOnPostgres(PostgresQuietOutboxFactory factory) : BulkAndWaitingTestsBase<PostgresQuietOutboxFactory>(factory);

/// <summary>The inbox's "waiting longest" order, its bulk actions and "Resolved — Undo", on the real services and database.</summary>
public abstract class BulkAndWaitingTestsBase<TFactory>(TFactory factory) : IClassFixture<TFactory> where TFactory : QuietOutboxFactory
{
    private ConversationService Service => factory.Services.GetRequiredService<ConversationService>();
    private PortalService Portal => factory.Services.GetRequiredService<PortalService>();
    private InboxQueryService Inbox => factory.Services.GetRequiredService<InboxQueryService>();

    private async Task<DateTime?> WaitingSinceAsync(int id)
    {
        await using var db = await factory.CreateDbAsync();
        return await db.Conversations.Where(c => c.Id == id).Select(c => c.WaitingSince).SingleAsync();
    }

    private async Task<DateTime> FirstMessageAtAsync(int id)
    {
        await using var db = await factory.CreateDbAsync();
        return await db.Messages.Where(m => m.ConversationId == id).MinAsync(m => m.CreatedAt);
    }

    [Fact]
    public async Task TheWait_StartsAtTheOldestUnansweredMessage_AndEndsWithAPersonsReply_NotANoteOrAnAutoReply()
    {
        var agent = await factory.CreateUserAsync("wait.agent@example.com", Roles.Agent);
        var customer = await factory.RegisterCustomerAsync("wait@example.com");
        var id = await factory.StartRequestAsync(customer, text: "first");
        var first = await FirstMessageAtAsync(id);

        await Portal.ReplyAsync(customer, id, "second, still waiting");
        Assert.Equal(first, await WaitingSinceAsync(id));

        await Service.ReplyAsync(id, agent.Id, "looking at it", privateNote: true);
        await Service.SendBotMessageAsync(id, "Bot", "We got your message.");
        Assert.Equal(first, await WaitingSinceAsync(id));

        await Service.ReplyAsync(id, agent.Id, "Fixed it");
        Assert.Null(await WaitingSinceAsync(id));

        await Portal.ReplyAsync(customer, id, "it broke again");
        await using (var db = await factory.CreateDbAsync())
        {
            var newest = await db.Messages.Where(m => m.ConversationId == id).MaxAsync(m => m.CreatedAt);
            Assert.Equal(newest, await WaitingSinceAsync(id));
        }

        await Service.SetStatusAsync(id, ConversationStatus.Resolved);
        Assert.Null(await WaitingSinceAsync(id));
    }

    [Fact]
    public async Task WaitingLongest_ListsOnlyThoseWaiting_LongestFirst_AndPagesWithoutGaps_AsDoesOldestFirst()
    {
        var agent = await factory.CreateUserAsync("order.agent@example.com", Roles.Agent);
        var customer = await factory.RegisterCustomerAsync("order@example.com");
        var ids = new List<int>();
        for (var i = 0; i < 7; i++) ids.Add(await factory.StartRequestAsync(customer, subject: $"Order {i}"));
        await Service.ReplyAsync(ids[3], agent.Id, "answered");
        var channelId = await ChannelOfAsync(ids[0]);

        var waiting = await WalkAsync(new InboxFilter(ChannelId: channelId, Sort: InboxSort.WaitingLongest), agent.Id);
        var oldest = await WalkAsync(new InboxFilter(ChannelId: channelId, Sort: InboxSort.Oldest), agent.Id);

        Assert.DoesNotContain(ids[3], waiting.Select(i => i.Id));
        Assert.Equal(ids.Where(id => id != ids[3]), waiting.Select(i => i.Id).Where(ids.Contains));
        Assert.All(waiting, i => Assert.NotNull(i.WaitingSince));
        var oldestIds = oldest.Select(i => i.Id).Where(ids.Contains).ToList();
        Assert.Equal(7, oldestIds.Count);
        Assert.Equal(ids[3], oldestIds[^1]); // its reply made it the most recent
        Assert.Equal(oldest.OrderBy(i => i.LastActivityAt).ThenBy(i => i.Id).Select(i => i.Id), oldest.Select(i => i.Id));
    }

    private async Task<int> ChannelOfAsync(int conversationId)
    {
        await using var db = await factory.CreateDbAsync();
        return await db.Conversations.Where(c => c.Id == conversationId).Select(c => c.ChannelId).SingleAsync();
    }

    /// <summary>Every page of the list, two rows at a time, checked for repeats.</summary>
    private async Task<List<InboxItem>> WalkAsync(InboxFilter filter, string userId)
    {
        var seen = new List<InboxItem>();
        InboxCursor? cursor = null;
        do
        {
            var page = await Inbox.ListAsync(filter, userId, cursor, pageSize: 2);
            seen.AddRange(page.Items);
            cursor = page.Next;
        }
        while (cursor is not null);
        Assert.Equal(seen.Count, seen.Select(i => i.Id).Distinct().Count());
        return seen;
    }

    [Fact]
    public async Task BulkResolve_ThenUndo_PutsBackEachStatusSnoozeAndWait_ButNotWhereSomeoneChangedItSince()
    {
        var customer = await factory.RegisterCustomerAsync("bulk@example.com");
        var open = await factory.StartRequestAsync(customer, subject: "open one");
        var snoozed = await factory.StartRequestAsync(customer, subject: "snoozed one");
        var reopened = await factory.StartRequestAsync(customer, subject: "reopened since");
        var until = DateTime.UtcNow.AddDays(1);
        await Service.SetStatusAsync(snoozed, ConversationStatus.Snoozed, until);
        var waitedSince = await WaitingSinceAsync(open);

        var result = await Service.SetStatusAsync([open, snoozed, reopened], ConversationStatus.Resolved);

        Assert.True(result.Succeeded);
        Assert.Equal(3, result.Value!.Before.Count);
        Assert.Null(await WaitingSinceAsync(open));
        await Portal.ReplyAsync(customer, reopened, "one more thing"); // reopens it before the undo

        Assert.True((await Service.UndoStatusAsync(result.Value)).Succeeded);

        await using var db = await factory.CreateDbAsync();
        var rows = await db.Conversations.Where(c => c.Id == open || c.Id == snoozed || c.Id == reopened).ToDictionaryAsync(c => c.Id);
        Assert.Equal((ConversationStatus.New, waitedSince), (rows[open].Status, rows[open].WaitingSince));
        Assert.Equal(ConversationStatus.Snoozed, rows[snoozed].Status);
        Assert.Equal(until, rows[snoozed].SnoozedUntil!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Equal(ConversationStatus.Open, rows[reopened].Status); // the customer's message wins
        Assert.Equal("Nothing to undo: these conversations changed since.", (await Service.UndoStatusAsync(new StatusUndo(ConversationStatus.Closed, result.Value.Before))).ErrorText);
    }

    [Fact]
    public async Task BulkAssign_NotifiesTheAssigneeOfEachNewlyTheirs_AndBulkLabel_MakesOneLabel()
    {
        var lead = await factory.CreateUserAsync("bulk.lead@example.com", Roles.Admin);
        var agent = await factory.CreateUserAsync("bulk.agent@example.com", Roles.Agent);
        var customer = await factory.RegisterCustomerAsync("bulkassign@example.com");
        var a = await factory.StartRequestAsync(customer, subject: "a");
        var b = await factory.StartRequestAsync(customer, subject: "b");
        await Service.AssignAsync(a, agent.Id, agent.Id);

        Assert.True((await Service.AssignAsync([a, b], agent.Id, lead.Id)).Succeeded);
        Assert.True((await Service.AddLabelAsync([a, b], "#Bulk-Label")).Succeeded);

        await using var db = await factory.CreateDbAsync();
        var notified = await db.Notifications.Where(n => n.UserId == agent.Id && n.Kind == NotificationKind.Assigned).Select(n => n.ConversationId).ToListAsync();
        Assert.Equal([b], notified); // a was already theirs
        Assert.Equal(1, await db.Labels.CountAsync(l => l.Name == "bulk-label"));
        Assert.Equal(2, await db.Conversations.CountAsync(c => (c.Id == a || c.Id == b) && c.AssigneeId == agent.Id && c.Labels.Any(l => l.Name == "bulk-label")));
        Assert.Equal("Conversations can only be assigned to agents and admins.", (await Service.AssignAsync([a, b], customer)).ErrorText);
        Assert.Equal($"Choose at most {ConversationService.MaxBulk} conversations at once.",
            (await Service.SetStatusAsync(Enumerable.Range(1, ConversationService.MaxBulk + 1).ToList(), ConversationStatus.Resolved)).ErrorText);
    }
}
