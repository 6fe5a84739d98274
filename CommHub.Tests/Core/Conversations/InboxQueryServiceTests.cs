using CommHub.Core.Channels;
using CommHub.Core.Contacts;
using CommHub.Core.Conversations;
using CommHub.Core.Users;
using CommHub.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Core.Conversations;

public sealed class InboxQueryServiceTests(CommHubFactory factory) : InboxQueryServiceTestsBase<CommHubFactory>(factory);

public sealed class InboxQueryServiceTestsOnPostgres(PostgresFactory factory) : InboxQueryServiceTestsBase<PostgresFactory>(factory);

public abstract class InboxQueryServiceTestsBase<TFactory>(TFactory factory) : IClassFixture<TFactory>, IAsyncLifetime where TFactory : CommHubFactory
{
    private static readonly DateTime Start = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private string agentId = "";

    private InboxQueryService Inbox => factory.Services.GetRequiredService<InboxQueryService>();

    public async Task InitializeAsync()
    {
        await using var db = await factory.CreateDbAsync();
        if (db.Conversations.Any())
        {
            agentId = db.Users.Single(u => u.Email == "inbox.agent@example.com").Id;
            return;
        }
        agentId = (await factory.CreateUserAsync("inbox.agent@example.com", Roles.Agent)).Id;
        var channel = new Channel { Kind = ChannelKind.Portal, Name = "Portal" };
        var contact = new Contact { Name = "Pat" };
        var vip = new Label { Name = "vip" };
        db.AddRange(channel, contact, vip);
        for (var i = 0; i < 25; i++)
        {
            var conversation = new Conversation
            {
                Channel = channel,
                Contact = contact,
                Subject = $"Subject {i}",
                Status = i % 5 == 0 ? ConversationStatus.Resolved : ConversationStatus.Open,
                AssigneeId = i % 3 == 0 ? agentId : null,
                // Every other pair shares a timestamp, so the Id tie-breaker is exercised.
                LastActivityAt = Start.AddMinutes(i / 2),
            };
            if (i % 4 == 0) conversation.Labels.Add(vip);
            db.Conversations.Add(conversation);
        }
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Pages_WalkTheWholeList_NewestFirst_WithoutGapsOrRepeats()
    {
        var seen = new List<InboxItem>();
        InboxCursor? cursor = null;
        var pages = 0;
        do
        {
            var page = await Inbox.ListAsync(new InboxFilter(), agentId, cursor, pageSize: 7);
            seen.AddRange(page.Items);
            cursor = page.Next;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(4, pages);
        Assert.Equal(25, seen.Count);
        Assert.Equal(25, seen.Select(i => i.Id).Distinct().Count());
        var expected = seen.OrderByDescending(i => i.LastActivityAt).ThenByDescending(i => i.Id).Select(i => i.Id);
        Assert.Equal(expected, seen.Select(i => i.Id));
    }

    [Fact]
    public async Task Filters_CombineStatusAssigneeAndLabel()
    {
        var resolved = await Inbox.ListAsync(new InboxFilter(Status: ConversationStatus.Resolved), agentId, pageSize: 100);
        var mine = await Inbox.ListAsync(new InboxFilter(Assignee: AssigneeFilter.Me), agentId, pageSize: 100);
        var unassigned = await Inbox.ListAsync(new InboxFilter(Assignee: AssigneeFilter.Unassigned), agentId, pageSize: 100);
        var vip = await Inbox.ListAsync(new InboxFilter(Label: "VIP"), agentId, pageSize: 100);
        var mineOpenVip = await Inbox.ListAsync(new InboxFilter(ConversationStatus.Open, null, AssigneeFilter.Me, "vip"), agentId, pageSize: 100);

        Assert.Equal(5, resolved.Items.Count);
        Assert.All(resolved.Items, i => Assert.Equal(ConversationStatus.Resolved, i.Status));
        Assert.Equal(9, mine.Items.Count);
        Assert.All(mine.Items, i => Assert.Equal("inbox.agent", i.AssigneeName));
        Assert.Equal(16, unassigned.Items.Count);
        Assert.All(unassigned.Items, i => Assert.Null(i.AssigneeName));
        Assert.Equal(7, vip.Items.Count);
        Assert.All(vip.Items, i => Assert.Contains("vip", i.Labels));
        // i in 0..24 with i%3==0, i%4==0, i%5!=0: 12 and 24.
        Assert.Equal(["Subject 24", "Subject 12"], mineOpenVip.Items.Select(i => i.Subject));
    }

    [Fact]
    public async Task FailedSends_ListsConversationsWithAFailedOrUnconfirmedSend()
    {
        int failedId, unknownId;
        await using (var db = await factory.CreateDbAsync())
        {
            var conversations = db.Conversations.Where(c => c.Subject == "Subject 3" || c.Subject == "Subject 8" || c.Subject == "Subject 9")
                .OrderBy(c => c.Subject).ToList();
            var states = new[] { CommHub.Core.Outbox.OutboxState.Failed, CommHub.Core.Outbox.OutboxState.Done, CommHub.Core.Outbox.OutboxState.Unknown };
            for (var i = 0; i < conversations.Count; i++)
            {
                var message = new Message
                {
                    Conversation = conversations[i], ChannelId = conversations[i].ChannelId, Direction = MessageDirection.Outbound,
                    SenderKind = SenderKind.Agent, Text = "reply", CreatedAt = Start,
                };
                db.Outbox.Add(new CommHub.Core.Outbox.OutboxItem { Message = message, ChannelId = conversations[i].ChannelId, State = states[i] });
            }
            await db.SaveChangesAsync();
            (failedId, unknownId) = (conversations[0].Id, conversations[2].Id);
        }

        var failing = await Inbox.ListAsync(new InboxFilter(FailedSends: true), agentId, pageSize: 100);

        Assert.Equal([unknownId, failedId], failing.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task PageSize_IsBounded()
    {
        var page = await Inbox.ListAsync(new InboxFilter(), agentId, pageSize: 0);

        Assert.Single(page.Items);
        Assert.NotNull(page.Next);
    }
}
