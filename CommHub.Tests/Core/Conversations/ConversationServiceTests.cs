using CommHub.Core.Channels;
using CommHub.Core.Conversations;
using CommHub.Core.Outbox;
using CommHub.Core.Users;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Core.Conversations;

public sealed class ConversationServiceTests(QuietOutboxFactory factory) : ConversationServiceTestsBase<QuietOutboxFactory>(factory);

public sealed class ConversationServiceTestsOnPostgres(PostgresQuietOutboxFactory factory) : ConversationServiceTestsBase<PostgresQuietOutboxFactory>(factory);

public abstract class ConversationServiceTestsBase<TFactory>(TFactory factory) : IClassFixture<TFactory> where TFactory : QuietOutboxFactory
{
    private ConversationService Service => factory.Services.GetRequiredService<ConversationService>();

    [Fact]
    public async Task AgentReply_InThePortal_IsSentAtOnce_OpensANewConversation_AndIsUnreadForTheCustomer()
    {
        var customer = await factory.RegisterCustomerAsync("reply@example.com");
        var agent = await factory.CreateUserAsync("reply.agent@example.com", Roles.Agent);
        var id = await factory.StartRequestAsync(customer);

        var result = await Service.ReplyAsync(id, agent.Id, "On it!");

        Assert.True(result.Succeeded);
        var thread = (await Service.GetThreadAsync(id))!;
        var reply = thread.Messages[^1];
        Assert.Equal((MessageDirection.Outbound, SenderKind.Agent, DeliveryStatus.Sent, "reply.agent"), (reply.Direction, reply.SenderKind, reply.DeliveryStatus, reply.SenderName));
        Assert.Equal(ConversationStatus.Open, thread.Header.Status);
        await using var db = await factory.CreateDbAsync();
        Assert.Equal(1, (await db.Conversations.SingleAsync(c => c.Id == id)).CustomerUnreadCount);
        Assert.False(await db.Outbox.AnyAsync(o => o.Message!.ConversationId == id));
    }

    [Fact]
    public async Task AgentReply_OnAChannelWithATransport_IsPending_WithAnOutboxRowInTheSameSave()
    {
        var agent = await factory.CreateUserAsync("outbox.agent@example.com", Roles.Agent);
        int id;
        await using (var db = await factory.CreateDbAsync())
        {
            var conversation = new Conversation
            {
                Channel = new Channel { Kind = ChannelKind.Telegram, Name = "Bot" },
                Contact = new CommHub.Core.Contacts.Contact { Name = "Tg user" },
                Subject = "Telegram chat",
            };
            db.Conversations.Add(conversation);
            await db.SaveChangesAsync();
            id = conversation.Id;
        }

        await Service.ReplyAsync(id, agent.Id, "Hello from the inbox");

        await using var check = await factory.CreateDbAsync();
        var message = await check.Messages.SingleAsync(m => m.ConversationId == id);
        Assert.Equal(DeliveryStatus.Pending, message.DeliveryStatus);
        var outbox = await check.Outbox.SingleAsync(o => o.MessageId == message.Id);
        Assert.Equal(OutboxState.Pending, outbox.State);
    }

    [Fact]
    public async Task Reply_Empty_OrTooLong_IsRefusedWithAMessage()
    {
        var agent = await factory.CreateUserAsync("limits.agent@example.com", Roles.Agent);
        var id = await factory.StartRequestAsync(await factory.RegisterCustomerAsync("limits@example.com"));

        Assert.Equal("Write a message first.", (await Service.ReplyAsync(id, agent.Id, " \n ")).ErrorText);
        Assert.StartsWith("Messages can be at most 10,000 characters", (await Service.ReplyAsync(id, agent.Id, new string('a', 10_001))).ErrorText);
        Assert.Single((await Service.GetThreadAsync(id))!.Messages);
    }

    [Fact]
    public async Task APrivateNote_ChangesNothingTheCustomerSees()
    {
        var agent = await factory.CreateUserAsync("note.agent@example.com", Roles.Agent);
        var id = await factory.StartRequestAsync(await factory.RegisterCustomerAsync("note@example.com"), text: "Original text");

        await Service.ReplyAsync(id, agent.Id, "internal only", privateNote: true);

        await using var db = await factory.CreateDbAsync();
        var conversation = await db.Conversations.SingleAsync(c => c.Id == id);
        Assert.Equal((0, "Original text", ConversationStatus.New), (conversation.CustomerUnreadCount, conversation.LastMessagePreview, conversation.Status));
    }

    [Fact]
    public async Task Snooze_NeedsAFutureTime()
    {
        var id = await factory.StartRequestAsync(await factory.RegisterCustomerAsync("snooze@example.com"));

        var past = await Service.SetStatusAsync(id, ConversationStatus.Snoozed, DateTime.UtcNow.AddMinutes(-5));
        var future = await Service.SetStatusAsync(id, ConversationStatus.Snoozed, DateTime.UtcNow.AddHours(3));

        Assert.Equal("Choose a time in the future to snooze until.", past.ErrorText);
        Assert.True(future.Succeeded);
        Assert.NotNull((await Service.GetThreadAsync(id))!.Header.SnoozedUntil);
    }

    [Fact]
    public async Task Assign_OnlyToStaff_AndLabels_AndPriority()
    {
        var agent = await factory.CreateUserAsync("assign.agent@example.com", Roles.Agent);
        var customerId = await factory.RegisterCustomerAsync("assign@example.com");
        var id = await factory.StartRequestAsync(customerId);

        Assert.Equal("Conversations can only be assigned to agents and admins.", (await Service.AssignAsync(id, customerId)).ErrorText);
        Assert.True((await Service.AssignAsync(id, agent.Id)).Succeeded);
        Assert.True((await Service.AddLabelAsync(id, "#Billing")).Succeeded);
        Assert.True((await Service.AddLabelAsync(id, "billing")).Succeeded);
        Assert.Equal(LabelRules.Error, (await Service.AddLabelAsync(id, "no spaces allowed")).ErrorText);
        Assert.True((await Service.SetPriorityAsync(id, ConversationPriority.Urgent)).Succeeded);

        var header = (await Service.GetThreadAsync(id))!.Header;
        Assert.Equal((agent.Id, "assign.agent", ConversationPriority.Urgent), (header.AssigneeId, header.AssigneeName, header.Priority));
        Assert.Equal(["billing"], header.Labels);
        Assert.Contains("billing", await Service.ListLabelsAsync());

        await Service.RemoveLabelAsync(id, "billing");
        await Service.AssignAsync(id, null);
        header = (await Service.GetThreadAsync(id))!.Header;
        Assert.Empty(header.Labels);
        Assert.Null(header.AssigneeId);
    }

    [Fact]
    public async Task Thread_ShowsTheContactPanel_WithTheirOtherConversations()
    {
        var customer = await factory.RegisterCustomerAsync("panel@example.com", "Penny Panel");
        var first = await factory.StartRequestAsync(customer, "First");
        var second = await factory.StartRequestAsync(customer, "Second");

        var contact = (await Service.GetThreadAsync(second))!.Contact;

        Assert.Equal("Penny Panel", contact.Name);
        Assert.Contains(contact.Identities, i => i.Kind == CommHub.Core.Contacts.IdentityKind.PortalUser && i.Value == customer);
        Assert.Equal([first], contact.OtherConversations.Select(c => c.Id));
    }

    [Fact]
    public async Task Writes_AreAnnouncedToLiveViews()
    {
        var notifier = factory.Services.GetRequiredService<ConversationNotifier>();
        var events = new List<LiveEvent>();
        var seen = new SemaphoreSlim(0);
        using var subscription = notifier.Subscribe(e =>
        {
            lock (events) events.Add(e);
            seen.Release();
            return Task.CompletedTask;
        });
        var agent = await factory.CreateUserAsync("live.agent@example.com", Roles.Agent);

        var id = await factory.StartRequestAsync(await factory.RegisterCustomerAsync("live@example.com"));
        await Service.ReplyAsync(id, agent.Id, "hello");
        await Service.SetStatusAsync(id, ConversationStatus.Resolved);
        Service.Typing(id, agent.Id, "Agent Smith", privateNote: false);

        for (var i = 0; i < 4; i++) Assert.True(await seen.WaitAsync(TimeSpan.FromSeconds(5)));
        lock (events)
        {
            var mine = events.Where(e => e.ConversationId == id).Select(e => e.Kind).ToList();
            Assert.Equal(
                [LiveEventKind.ConversationCreated, LiveEventKind.MessageAdded, LiveEventKind.ConversationUpdated, LiveEventKind.Typing],
                mine.Order());
        }
    }
}
