using CommHub.Core.Analytics;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace CommHub.Tests.Core.Analytics;

/// <summary>The definitions in docs/analytics.md, pinned on hand-computed histories (a real SQLite file and a real PostgreSQL).</summary>
public abstract class AnalyticsFixtureTests : IAsyncLifetime
{
    private static readonly DateTime T = AnalyticsScenario.Day.AddHours(9);
    private static readonly DateOnly Today = DateOnly.FromDateTime(AnalyticsScenario.Day);
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(T));
    private readonly CommHubFactory factory;
    private readonly AnalyticsScenario scenario;

    protected AnalyticsFixtureTests(CommHubFactory factory)
    {
        this.factory = factory;
        AnalyticsScenario.Configure(factory, clock);
        scenario = new AnalyticsScenario(factory, clock);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await factory.DisposeAsync();

    /// <summary>
    /// A: asked 09:00, note 09:05 and auto-reply 09:06 (neither answers), reply 09:10 (FRT 600 s), resolved 09:30
    /// (1,800 s); reopened by the customer 10:00, reply 10:20 (FRT 1,200 s), resolved 11:00 (3,600 s).
    /// B: asked 09:00, bot answers 09:01, resolved 09:02 (120 s) with no human reply: resolved by rules alone.
    /// </summary>
    internal async Task<(int Channel, string Agent)> SeedTwoConversationsAsync()
    {
        var channel = await scenario.ChannelAsync();
        var agent = await scenario.AgentAsync("ada");
        var a = await scenario.ConversationAsync(channel, T);
        var b = await scenario.ConversationAsync(channel, T);
        await scenario.BotAsync(b, T.AddMinutes(1));
        await scenario.ResolveAsync(b, T.AddMinutes(2));
        await scenario.NoteAsync(a, agent, T.AddMinutes(5));
        await scenario.AutoReplyAsync(a, agent, T.AddMinutes(6));
        await scenario.ReplyAsync(a, agent, T.AddMinutes(10));
        await scenario.ResolveAsync(a, T.AddMinutes(30));
        await scenario.InboundAsync(a, T.AddMinutes(60), withFile: true);
        await scenario.ReplyAsync(a, agent, T.AddMinutes(80));
        await scenario.ResolveAsync(a, T.AddMinutes(120));
        return (channel, agent);
    }

    [Fact]
    public async Task Overview_ExcludesNotesBotsAndAutoReplies_AndCountsAReopenAgain()
    {
        await SeedTwoConversationsAsync();

        var report = await scenario.ReportAsync(Today, Today);

        var o = report.Current;
        Assert.Equal((2, 1, 3), (o.Opened, o.Reopened, o.Resolved));
        Assert.Equal((3, 2), (o.MessagesIn, o.MessagesOut));
        Assert.Equal(new DurationStat(2, 900, 1140), o.FirstResponse);
        Assert.Equal(new DurationStat(3, 1800, 3240), o.Resolution);
        Assert.Equal(1.0 / 3, o.ResolvedByRulesShare!.Value, 6);
        Assert.Equal(1.0 / 5, o.AttachmentRate!.Value, 6);
        Assert.Equal(0, report.Backlog.Single().Open);
        Assert.Equal(3, report.Heatmap.Where(c => c.Weekday == DayOfWeek.Tuesday).Sum(c => c.Inbound));
        Assert.Equal(2, report.Heatmap.Single(c => c.Weekday == DayOfWeek.Tuesday && c.Hour == 9).Inbound);
    }

    [Fact]
    public async Task AgentsTable_CountsRepliesResolvesAndMedians_AndTheAgentFilterKeepsOnlyTheirs()
    {
        var (_, agent) = await SeedTwoConversationsAsync();
        var channel = await scenario.ChannelAsync("Other");
        var other = await scenario.AgentAsync("bob");
        var c = await scenario.ConversationAsync(channel, T.AddHours(3));
        await scenario.AssignAsync(c, other, T.AddHours(3).AddMinutes(1));
        await scenario.ReplyAsync(c, other, T.AddHours(3).AddMinutes(40));

        var report = await scenario.ReportAsync(Today, Today);
        var ada = report.Agents.Single(a => a.AgentId == agent);
        Assert.Equal(("ada", 0, 2, 0, 900.0, 900.0), (ada.Name, ada.Assigned, ada.Replied, ada.Resolved, ada.MedianFirstResponse!.Value, ada.MeanReplySeconds!.Value));
        var bob = report.Agents.Single(a => a.AgentId == other);
        Assert.Equal((1, 1, 2400.0), (bob.Assigned, bob.Replied, bob.MedianFirstResponse!.Value));

        var filtered = await scenario.Service.ReportAsync(new AnalyticsFilter(Today, Today, AgentId: other));
        // The customer wrote before the assignment, so that message is the unassigned queue's; the reply and the cycle are Bob's.
        Assert.Equal((0, 1, 0), (filtered.Current.MessagesIn, filtered.Current.MessagesOut, filtered.Current.Opened));
        Assert.Equal(1, filtered.Backlog.Single().Open);
        Assert.Equal(new DurationStat(1, 2400, 2400), filtered.Current.FirstResponse);
        var byChannel = await scenario.Service.ReportAsync(new AnalyticsFilter(Today, Today, ChannelId: channel));
        Assert.Equal((1, 1), (byChannel.Current.Opened, byChannel.Current.MessagesIn));
    }

    [Fact]
    public async Task DayBoundaries_AreTheViewersTimeZone_AndThePreviousPeriodIsCompared()
    {
        var channel = await scenario.ChannelAsync();
        // 23:30 UTC on the 9th is 00:30 on the 10th in Berlin (UTC+1 in March before the change).
        await scenario.ConversationAsync(channel, AnalyticsScenario.Day.AddMinutes(-30));
        await scenario.ConversationAsync(channel, AnalyticsScenario.Day.AddDays(-1).AddHours(12));

        var utc = await scenario.ReportAsync(Today, Today);
        var berlin = await scenario.ReportAsync(Today, Today, "Europe/Berlin");

        Assert.Equal((0, 2), (utc.Current.Opened, utc.Previous.Opened));
        Assert.Equal((1, 1), (berlin.Current.Opened, berlin.Previous.Opened));
        Assert.Equal(0, Assert.Single(berlin.Heatmap.Where(h => h.Inbound > 0), h => h.Weekday == DayOfWeek.Tuesday).Hour);
    }

    [Fact]
    public async Task RetentionDeletingMessages_LeavesTheFiguresTheyProduced()
    {
        await SeedTwoConversationsAsync();
        var before = await scenario.ReportAsync(Today, Today);

        await using (var db = await factory.CreateDbAsync())
        {
            await db.Attachments.ExecuteDeleteAsync();
            await db.Messages.ExecuteDeleteAsync();
        }
        await scenario.Folder.FoldAsync();
        var after = await scenario.Service.ReportAsync(before.Filter);
        var rebuilt = await scenario.Folder.RebuildAsync();
        var afterRebuild = await scenario.Service.ReportAsync(before.Filter);

        Assert.Equal(before.Current, after.Current);
        Assert.True(rebuilt > 0);
        Assert.Equal(before.Current, afterRebuild.Current);
    }
}

public sealed class AnalyticsFixtureSqliteTests() : AnalyticsFixtureTests(new CommHubFactory());

public sealed class AnalyticsFixturePostgresTests() : AnalyticsFixtureTests(new PostgresFactory());
