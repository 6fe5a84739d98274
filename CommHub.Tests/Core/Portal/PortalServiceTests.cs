using CommHub.Core.Conversations;
using CommHub.Core.Portal;
using CommHub.Core.Users;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Core.Portal;

public sealed class PortalServiceTests(CommHubFactory factory) : PortalServiceTestsBase<CommHubFactory>(factory);

public sealed class PortalServiceTestsOnPostgres(PostgresFactory factory) : PortalServiceTestsBase<PostgresFactory>(factory);

public abstract class PortalServiceTestsBase<TFactory>(TFactory factory) : IClassFixture<TFactory> where TFactory : CommHubFactory
{
    private PortalService Portal => factory.Services.GetRequiredService<PortalService>();
    private ConversationService Conversations => factory.Services.GetRequiredService<ConversationService>();

    [Fact]
    public async Task Register_MakesACustomerWithTheirOwnContact()
    {
        var id = await factory.RegisterCustomerAsync("reg@example.com", "Reggie");

        await using var db = await factory.CreateDbAsync();
        var contact = await db.Contacts.Include(c => c.Identities).SingleAsync(c => c.Identities.Any(i => i.Value == id));
        Assert.Equal("Reggie", contact.Name);
        Assert.Equal("reg@example.com", contact.Email);
        Assert.Equal(Roles.Customer, (await factory.Services.GetRequiredService<UserAdminService>().ListAsync()).Single(u => u.Id == id).Role);
    }

    [Fact]
    public async Task Register_Twice_AnswersLikeANewAccount_AndChangesNothing()
    {
        await factory.RegisterCustomerAsync("twice.customer@example.com");

        var again = await Portal.RegisterAsync(new RegisterCustomerRequest("twice.customer@example.com", "", ConversationSeed.CustomerPassword));

        Assert.True(again.Succeeded);
        Assert.Single((await factory.Services.GetRequiredService<UserAdminService>().ListAsync()), u => u.Email == "twice.customer@example.com");
    }

    [Fact]
    public async Task Start_CreatesANewUnreadConversation_WithOneTick()
    {
        var customer = await factory.RegisterCustomerAsync("start@example.com", "Stella");

        var id = await factory.StartRequestAsync(customer, "Printer on fire", "It is, literally, on fire.");

        var mine = Assert.Single(await Portal.ListAsync(customer));
        Assert.Equal((id, "Printer on fire", ConversationStatus.New), (mine.Id, mine.Subject, mine.Status));
        var thread = (await Conversations.GetThreadAsync(id))!;
        Assert.Equal(ChannelKindPortal, thread.Header.ChannelKind);
        var message = Assert.Single(thread.Messages);
        Assert.Equal((MessageDirection.Inbound, DeliveryStatus.Sent, "Stella"), (message.Direction, message.DeliveryStatus, message.SenderName));
        await using var db = await factory.CreateDbAsync();
        Assert.Equal(1, (await db.Conversations.SingleAsync(c => c.Id == id)).AgentUnreadCount);
    }

    private const CommHub.Core.Channels.ChannelKind ChannelKindPortal = CommHub.Core.Channels.ChannelKind.Portal;

    [Theory]
    [InlineData("", "text", "Give your request a subject.")]
    [InlineData("Subject", "   ", "Write a message first.")]
    public async Task Start_RejectsEmptyInput(string subject, string text, string error)
    {
        var customer = await factory.RegisterCustomerAsync($"empty{subject.Length}@example.com");

        var result = await Portal.StartAsync(customer, subject, text);

        Assert.Equal(error, result.ErrorText);
        Assert.Empty(await Portal.ListAsync(customer));
    }

    [Fact]
    public async Task Reply_OverTheLimit_IsRefused_AndNothingIsStored()
    {
        var customer = await factory.RegisterCustomerAsync("long@example.com");
        var id = await factory.StartRequestAsync(customer);

        var result = await Portal.ReplyAsync(customer, id, new string('x', MessageRules.MaxLength + 1));

        Assert.Equal("Messages can be at most 10,000 characters; this one has 10,001.", result.ErrorText);
        Assert.Single((await Portal.GetAsync(customer, id))!.Messages);
    }

    [Fact]
    public async Task ACustomer_CannotLoadOrWriteToAnotherCustomersConversation()
    {
        var alice = await factory.RegisterCustomerAsync("alice@example.com");
        var mallory = await factory.RegisterCustomerAsync("mallory@example.com");
        var alicesConversation = await factory.StartRequestAsync(alice, "Alice's secret");

        Assert.Null(await Portal.GetAsync(mallory, alicesConversation));
        Assert.Null(await Portal.GetAsync(mallory, alicesConversation + 1000));
        Assert.DoesNotContain(await Portal.ListAsync(mallory), c => c.Id == alicesConversation);
        Assert.False((await Portal.ReplyAsync(mallory, alicesConversation, "hi")).Succeeded);
        Assert.Single((await Portal.GetAsync(alice, alicesConversation))!.Messages);
    }

    [Fact]
    public async Task PrivateNotes_NeverReachTheCustomer()
    {
        var customer = await factory.RegisterCustomerAsync("notes@example.com");
        var agent = await factory.CreateUserAsync("notes.agent@example.com", Roles.Agent);
        var id = await factory.StartRequestAsync(customer, "Refund", "Please refund me");

        await Conversations.ReplyAsync(id, agent.Id, "Customer is on the naughty list", privateNote: true);
        await Conversations.ReplyAsync(id, agent.Id, "Refund is on its way");

        var seen = (await Portal.GetAsync(customer, id))!;
        Assert.Equal(["Please refund me", "Refund is on its way"], seen.Messages.Select(m => m.Text));
        Assert.Equal("Refund is on its way", (await Portal.ListAsync(customer)).Single().Preview);
        Assert.Equal(3, (await Conversations.GetThreadAsync(id))!.Messages.Count);
    }

    [Fact]
    public async Task ReadTicks_AndUnreadCounts_FollowWhoOpenedWhat()
    {
        var customer = await factory.RegisterCustomerAsync("ticks@example.com");
        var agent = await factory.CreateUserAsync("ticks.agent@example.com", Roles.Agent);
        var id = await factory.StartRequestAsync(customer);
        await Portal.ReplyAsync(customer, id, "Any news?");

        await Conversations.MarkReadByAgentAsync(id);
        await Conversations.ReplyAsync(id, agent.Id, "Looking at it");
        await Conversations.ReplyAsync(id, agent.Id, "Fixed");
        var beforeCustomerReads = (await Portal.ListAsync(customer)).Single().UnreadCount;
        await Portal.MarkReadAsync(customer, id);

        var thread = (await Conversations.GetThreadAsync(id))!;
        Assert.All(thread.Messages.Where(m => m.Direction == MessageDirection.Inbound), m => Assert.Equal(DeliveryStatus.Read, m.DeliveryStatus));
        Assert.All(thread.Messages.Where(m => m.Direction == MessageDirection.Outbound), m => Assert.Equal(DeliveryStatus.Read, m.DeliveryStatus));
        Assert.Equal(2, beforeCustomerReads);
        Assert.Equal(0, (await Portal.ListAsync(customer)).Single().UnreadCount);
        await using var db = await factory.CreateDbAsync();
        Assert.Equal(0, (await db.Conversations.SingleAsync(c => c.Id == id)).AgentUnreadCount);
    }

    [Theory]
    [InlineData(ConversationStatus.Resolved)]
    [InlineData(ConversationStatus.Pending)]
    [InlineData(ConversationStatus.Snoozed)]
    public async Task ACustomerMessage_ReopensTheConversation(ConversationStatus status)
    {
        var customer = await factory.RegisterCustomerAsync($"reopen.{status}@example.com");
        var id = await factory.StartRequestAsync(customer);
        var set = await Conversations.SetStatusAsync(id, status, DateTime.UtcNow.AddDays(1));
        Assert.True(set.Succeeded, set.ErrorText);

        await Portal.ReplyAsync(customer, id, "It broke again");

        var header = (await Conversations.GetThreadAsync(id))!.Header;
        Assert.Equal(ConversationStatus.Open, header.Status);
        Assert.Null(header.SnoozedUntil);
    }

    [Fact]
    public async Task AClosedConversation_TakesNoMoreCustomerMessages()
    {
        var customer = await factory.RegisterCustomerAsync("closed@example.com");
        var id = await factory.StartRequestAsync(customer);
        await Conversations.SetStatusAsync(id, ConversationStatus.Closed);

        var result = await Portal.ReplyAsync(customer, id, "Hello?");

        Assert.Equal("This conversation is closed. Start a new request if you need more help.", result.ErrorText);
        Assert.False((await Portal.GetAsync(customer, id))!.CanReply);
    }
}
