using CommHub.Core.Conversations;
using CommHub.Core.Portal;
using CommHub.Core.Users;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Core.Conversations;

public sealed class ConversationActivityTests(QuietOutboxFactory factory) : ConversationActivityTestsBase<QuietOutboxFactory>(factory);

public sealed class ConversationActivityTestsOnPostgres(PostgresQuietOutboxFactory factory) : ConversationActivityTestsBase<PostgresQuietOutboxFactory>(factory);

/// <summary>
/// A conversation's unread counts, last activity and status are written as relative updates, so writers at the same time
/// add up. Before, each writer read the conversation, changed its copy and wrote the copy back: two replies at once counted
/// one, and an inbound burst wrote back a status an agent had just changed.
/// </summary>
public abstract class ConversationActivityTestsBase<TFactory>(TFactory factory) : IClassFixture<TFactory> where TFactory : QuietOutboxFactory
{
    private const int Burst = 12;

    private ConversationService Conversations => factory.Services.GetRequiredService<ConversationService>();
    private PortalService Portal => factory.Services.GetRequiredService<PortalService>();

    [Fact]
    public async Task CustomerMessagesAndAgentRepliesAtOnce_AreAllCounted()
    {
        var (customer, agent, id) = await StartAsync("together");

        await Task.WhenAll(Enumerable.Range(1, Burst).SelectMany(i => new[]
        {
            Task.Run(async () => Assert.True((await Portal.ReplyAsync(customer, id, $"customer {i}")).Succeeded)),
            Task.Run(async () => Assert.True((await Conversations.ReplyAsync(id, agent, $"agent {i}")).Succeeded)),
        }));

        var conversation = await ConversationAsync(id);
        // The request's first message and every customer reply; every agent reply.
        Assert.Equal(Burst + 1, conversation.AgentUnreadCount);
        Assert.Equal(Burst, conversation.CustomerUnreadCount);
        Assert.Equal(ConversationStatus.Open, conversation.Status);
        await using var db = await factory.CreateDbAsync();
        var newest = await db.Messages.Where(m => m.ConversationId == id).OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).FirstAsync();
        Assert.Equal(newest.CreatedAt, conversation.LastActivityAt);
    }

    [Fact]
    public async Task AnAgentReadingWhileRepliesGoOut_LosesNoReply()
    {
        var (_, agent, id) = await StartAsync("reading");

        await Task.WhenAll(Enumerable.Range(1, Burst).SelectMany(i => new[]
        {
            Task.Run(async () => Assert.True((await Conversations.ReplyAsync(id, agent, $"agent {i}")).Succeeded)),
            Task.Run(() => Conversations.MarkReadByAgentAsync(id)),
        }));

        var conversation = await ConversationAsync(id);
        Assert.Equal(0, conversation.AgentUnreadCount);
        Assert.Equal(Burst, conversation.CustomerUnreadCount);
    }

    [Fact]
    public async Task AResolveDuringACustomerBurst_KeepsEveryUnreadMessage_AndALaterMessageReopens()
    {
        var (customer, _, id) = await StartAsync("resolve");

        await Task.WhenAll(Enumerable.Range(1, Burst).Select(i => Task.Run(async () => Assert.True((await Portal.ReplyAsync(customer, id, $"customer {i}")).Succeeded)))
            .Append(Task.Run(async () => Assert.True((await Conversations.SetStatusAsync(id, ConversationStatus.Resolved)).Succeeded))));

        Assert.Equal(Burst + 1, (await ConversationAsync(id)).AgentUnreadCount);

        // Whichever came last, a message now finds it waiting or open, and leaves it open.
        Assert.True((await Conversations.SetStatusAsync(id, ConversationStatus.Resolved)).Succeeded);
        Assert.True((await Portal.ReplyAsync(customer, id, "one more thing")).Succeeded);
        var reopened = await ConversationAsync(id);
        Assert.Equal(ConversationStatus.Open, reopened.Status);
        Assert.Equal(Burst + 2, reopened.AgentUnreadCount);
        Assert.Equal("one more thing", reopened.LastMessagePreview);
    }

    [Fact]
    public async Task APrivateNote_MovesTheConversationUp_ButChangesNothingTheCustomerSees()
    {
        var (_, agent, id) = await StartAsync("note");
        var before = await ConversationAsync(id);

        Assert.True((await Conversations.ReplyAsync(id, agent, "internal only", privateNote: true)).Succeeded);

        var after = await ConversationAsync(id);
        Assert.Equal(before.LastMessagePreview, after.LastMessagePreview);
        Assert.Equal(0, after.CustomerUnreadCount);
        Assert.Equal(ConversationStatus.New, after.Status);
        Assert.True(after.LastActivityAt >= before.LastActivityAt);
    }

    private async Task<(string Customer, string Agent, int ConversationId)> StartAsync(string name)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var customer = await factory.RegisterCustomerAsync($"{name}.{tag}@example.com", "Casey");
        var agent = await factory.CreateUserAsync($"{name}.agent.{tag}@example.com", Roles.Agent);
        return (customer, agent.Id, await factory.StartRequestAsync(customer, "Activity " + name));
    }

    private async Task<Conversation> ConversationAsync(int id)
    {
        await using var db = await factory.CreateDbAsync();
        return await db.Conversations.AsNoTracking().SingleAsync(c => c.Id == id);
    }
}
