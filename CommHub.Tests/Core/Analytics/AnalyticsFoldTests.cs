using CommHub.Core.Analytics;
using CommHub.Core.Conversations;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace CommHub.Tests.Core.Analytics;

/// <summary>The fold: once per event however many instances run it, and the same as a rebuild from scratch.</summary>
public abstract class AnalyticsFoldTests : IAsyncLifetime
{
    private static readonly DateTime T = AnalyticsScenario.Day.AddHours(8);
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(T));
    private readonly CommHubFactory factory;
    private readonly AnalyticsScenario scenario;

    protected AnalyticsFoldTests(CommHubFactory factory)
    {
        this.factory = factory;
        AnalyticsScenario.Configure(factory, clock);
        factory.Settings["CommHub:Analytics:FoldBatchSize"] = "100";
        scenario = new AnalyticsScenario(factory, clock);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task RollupsFoldedAsThingsHappen_EqualARebuildFromScratch_AfterARandomMix()
    {
        var random = new Random(13);
        var channels = new[] { await scenario.ChannelAsync("a"), await scenario.ChannelAsync("b") };
        var agents = new[] { await scenario.AgentAsync("ada"), await scenario.AgentAsync("bob") };
        var conversations = new List<int>();
        var at = T;
        for (var step = 0; step < 160; step++)
        {
            at = at.AddMinutes(random.Next(1, 25));
            var pick = conversations.Count == 0 ? 0 : random.Next(6);
            var c = conversations.Count == 0 ? 0 : conversations[random.Next(conversations.Count)];
            switch (pick)
            {
                case 0: conversations.Add(await scenario.ConversationAsync(channels[random.Next(2)], at)); break;
                case 1: await scenario.InboundAsync(c, at, withFile: random.Next(4) == 0); break;
                case 2: await scenario.ReplyAsync(c, agents[random.Next(2)], at); break;
                case 3: await scenario.ResolveAsync(c, at); break;
                case 4: await scenario.AssignAsync(c, agents[random.Next(2)], at); break;
                default: await scenario.BotAsync(c, at); break;
            }
            if (step % 37 == 0) await scenario.Folder.FoldAsync();
        }
        var days = (DateOnly.FromDateTime(T), DateOnly.FromDateTime(at));
        var incremental = await scenario.ReportAsync(days.Item1, days.Item2);
        var hoursBefore = await HoursAsync();

        await scenario.Folder.RebuildAsync();
        var rebuilt = await scenario.Service.ReportAsync(incremental.Filter);

        Assert.True(incremental.Current.MessagesIn > 50);
        Assert.Equal(incremental.Current, rebuilt.Current);
        Assert.Equal(incremental.Volume, rebuilt.Volume);
        Assert.Equal(incremental.Backlog, rebuilt.Backlog);
        Assert.Equal(incremental.Agents, rebuilt.Agents);
        Assert.Equal(hoursBefore, await HoursAsync());
    }

    [Fact]
    public async Task TwoFoldsAtOnce_CountEveryEventExactlyOnce()
    {
        var channel = await scenario.ChannelAsync();
        var agent = await scenario.AgentAsync("ada");
        for (var i = 0; i < 150; i++)
        {
            var c = await scenario.ConversationAsync(channel, T.AddMinutes(i));
            await scenario.ReplyAsync(c, agent, T.AddMinutes(i + 2));
        }

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => scenario.Folder.FoldAsync())));
        await scenario.Folder.FoldAsync();

        var report = await scenario.Service.ReportAsync(new AnalyticsFilter(DateOnly.FromDateTime(T), DateOnly.FromDateTime(T)));
        Assert.Equal((150, 150, 150), (report.Current.Opened, report.Current.MessagesIn, report.Current.MessagesOut));
        Assert.Equal(new DurationStat(150, 120, 120), report.Current.FirstResponse);
        await using var db = await factory.CreateDbAsync();
        Assert.False(await db.AnalyticsEvents.AnyAsync(e => !e.Folded));
        Assert.Equal(300, (await db.AnalyticsStates.SingleAsync()).FoldedEvents); // 150 × (inbound, reply)
    }

    private async Task<List<string>> HoursAsync()
    {
        await using var db = await factory.CreateDbAsync();
        return (await db.AnalyticsHours.AsNoTracking().ToListAsync())
            .Select(h => $"{h.HourStart:O}|{h.ChannelId}|{h.AgentKey}|{h.LabelId}|{h.Inbound}|{h.Outbound}|{h.Automated}|{h.Opened}|{h.Reopened}|{h.Resolved}|{h.ResolvedByRules}|{h.Assigned}|{h.Replies}|{h.ReplySeconds}")
            .Order().ToList();
    }
}

public sealed class AnalyticsFoldSqliteTests() : AnalyticsFoldTests(new CommHubFactory());

public sealed class AnalyticsFoldPostgresTests() : AnalyticsFoldTests(new PostgresFactory());
