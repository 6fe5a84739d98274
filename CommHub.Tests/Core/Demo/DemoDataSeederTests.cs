using CommHub.Core.Channels;
using CommHub.Core.Conversations;
using CommHub.Core.Demo;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Core.Demo;

public class DemoFactory : CommHubFactory
{
    public DemoFactory() => Settings["CommHub:Demo"] = "true";
}

/// <summary><see cref="DemoFactory"/> on PostgreSQL.</summary>
public sealed class PostgresDemoFactory : DemoFactory
{
    public PostgresDemoFactory() => UsePostgres();
}

public sealed class DemoDataSeederTests(DemoFactory factory) : DemoDataSeederTestsBase<DemoFactory>(factory);

public sealed class DemoDataSeederTestsOnPostgres(PostgresDemoFactory factory) : DemoDataSeederTestsBase<PostgresDemoFactory>(factory);

public abstract class DemoDataSeederTestsBase<TFactory>(TFactory factory) : IClassFixture<TFactory> where TFactory : DemoFactory
{
    [Fact]
    public async Task DemoSwitch_FillsABelievableInbox()
    {
        await using var db = await factory.CreateDbAsync();

        Assert.Equal(Enum.GetValues<ChannelKind>().Order(), (await db.Channels.Select(c => c.Kind).Distinct().ToListAsync()).Order());
        Assert.Equal(DemoDataSeeder.ContactCount, await db.Contacts.CountAsync());
        Assert.Equal(DemoDataSeeder.ConversationCount, await db.Conversations.CountAsync());
        Assert.Equal(Enum.GetValues<ConversationStatus>().Order(), (await db.Conversations.Select(c => c.Status).Distinct().ToListAsync()).Order());
        Assert.InRange(await db.Conversations.CountAsync(c => c.AssigneeId != null), 50, 150);
        Assert.InRange(await db.Conversations.CountAsync(c => c.Labels.Any()), 20, 180);
        Assert.True(await db.Messages.CountAsync() >= DemoDataSeeder.ConversationCount);
        Assert.True(await db.Messages.AnyAsync(m => m.IsPrivateNote));
        // Projects with the demo crew member on each, and the crew channel's threads on them.
        Assert.Equal(2, await db.Projects.CountAsync(p => p.Members.Any(m => m.User!.Email == "dan@demo.commhub")));
        Assert.True(await db.Conversations.AnyAsync(c => c.Channel!.Kind == ChannelKind.Crew));
        Assert.False(await db.Conversations.AnyAsync(c => c.Channel!.Kind == ChannelKind.Crew && c.ProjectId == null));
        // The denormalised inbox fields agree with the messages.
        var sample = await db.Conversations.Include(c => c.Messages).FirstAsync();
        var newest = sample.Messages.MaxBy(m => m.CreatedAt)!;
        Assert.Equal(newest.CreatedAt, sample.LastActivityAt);
        Assert.Equal(newest.Text, sample.LastMessagePreview);
        Assert.All(await db.Conversations.Where(c => c.Status == ConversationStatus.Snoozed).ToListAsync(), c => Assert.NotNull(c.SnoozedUntil));
    }

    [Fact]
    public async Task Seeding_AgainDoesNothing()
    {
        await using var scope = factory.Services.CreateAsyncScope();

        var seeded = await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedAsync();

        Assert.False(seeded);
        await using var db = await factory.CreateDbAsync();
        Assert.Equal(DemoDataSeeder.ConversationCount, await db.Conversations.CountAsync());
    }

    [Fact]
    public async Task DemoAgents_CanSignIn()
    {
        var response = await factory.CreateBrowserLikeClient().SignInAsync("ana@demo.commhub", DemoDataSeeder.DemoAgentPassword);

        Assert.Equal("/inbox", response.RedirectPath());
    }
}
