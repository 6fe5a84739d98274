using Bunit;
using CommHub.Core.Channels;
using CommHub.Core.Ingest;
using CommHub.Tests.TestSupport;
using CommHub.Web.Features.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CommHub.Tests.Web.Channels;

/// <summary>The intake line of a channel on /channels, over the real service and database.</summary>
public sealed class IntakeStatusTests : ComponentTestBase, IClassFixture<CommHubFactory>
{
    private readonly CommHubFactory factory;

    public IntakeStatusTests(CommHubFactory factory)
    {
        this.factory = factory;
        Services.AddSingleton(factory.Services.GetRequiredService<IntakeService>());
    }

    [Fact]
    public async Task FailedAndSkippedCounts_AreShown_AndRetryResetsTheFailedOnes_WithAConfirmation()
    {
        int channelId;
        await using (var db = await factory.CreateDbAsync())
        {
            var channel = new Channel { Kind = ChannelKind.Telegram, Name = "Bot" };
            db.Channels.Add(channel);
            await db.SaveChangesAsync();
            channelId = channel.Id;
            foreach (var (id, state) in new[] { ("1", InboundUpdateState.Failed), ("2", InboundUpdateState.Failed), ("3", InboundUpdateState.Skipped) })
                db.InboundUpdates.Add(new InboundUpdate { ChannelId = channelId, ExternalId = id, Payload = "{}", State = state, Attempts = 5, LastError = "DbUpdateException: refused", ReceivedAt = DateTime.UtcNow, ProcessedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }
        var counts = (await factory.Services.GetRequiredService<IntakeService>().CountsAsync())[channelId];
        var changed = 0;

        var status = Render<IntakeStatus>(p => p.Add(s => s.ChannelId, channelId).Add(s => s.Counts, counts).Add(s => s.Changed, () => changed++));

        var failed = status.Find("[data-testid=intake-failed]");
        Assert.Equal("2 failed updates: DbUpdateException: refused", failed.TextContent.Trim());
        Assert.Contains("mud-error-text", failed.ClassName);
        Assert.Equal("1 skipped", status.Find("[data-testid=intake-skipped]").TextContent.Trim());

        await status.Find("[data-testid=intake-retry]").ClickAsync(new());

        Assert.Equal(1, changed);
        Assert.Contains(Services.GetRequiredService<ISnackbar>().ShownSnackbars, s => s.Message == "Retrying 2 failed updates.");
        await using var check = await factory.CreateDbAsync();
        Assert.Equal(2, await check.InboundUpdates.CountAsync(u => u.ChannelId == channelId && u.State == InboundUpdateState.Pending && u.Attempts == 0));
    }

    [Fact]
    public void SkippedUpdates_AreCountedPerKind_MostFrequentFirst()
    {
        var counts = new IntakeCounts(0, 7, null)
        {
            SkippedByKind = new Dictionary<string, int> { ["message_reaction"] = 2, ["poll"] = 3, ["dice"] = 1, ["forum_topic_created"] = 1 },
        };

        var status = Render<IntakeStatus>(p => p.Add(s => s.ChannelId, 1).Add(s => s.Counts, counts));

        Assert.Equal("7 skipped: 3 polls, 2 reactions, 1 dice, 1 forum topic created", status.Find("[data-testid=intake-skipped]").TextContent.Trim());
    }

    [Fact]
    public void NothingFailedOrSkipped_ShowsNothing()
    {
        var status = Render<IntakeStatus>(p => p.Add(s => s.ChannelId, 1).Add(s => s.Counts, null));

        Assert.Empty(status.FindAll("[data-testid^=intake-]"));
    }
}
