using System.Text.Json;
using CommHub.Core.Audit;
using CommHub.Core.Conversations;
using CommHub.Core.Retention;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CommHub.Tests.Core.Retention;

/// <summary>The retention run on a real database (SQLite file or PostgreSQL) with the app's real blob store.</summary>
public abstract class RetentionTestBase<TFactory> : IAsyncLifetime where TFactory : CommHubFactory, new()
{
    protected readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 3, 31, 12, 0, 0, TimeSpan.Zero));
    protected readonly TFactory Factory = new();
    internal readonly RetentionSeed Seed;

    protected RetentionTestBase()
    {
        Factory.StopSweeps();
        var configure = Factory.ConfigureServices;
        Factory.ConfigureServices = services =>
        {
            configure?.Invoke(services);
            services.AddSingleton<TimeProvider>(Clock);
            Configure(services);
        };
        Seed = new RetentionSeed(Factory);
    }

    protected virtual void Configure(IServiceCollection services)
    {
    }

    protected DateTime Now => Clock.GetUtcNow().UtcDateTime;

    protected RetentionService Retention => Factory.Services.GetRequiredService<RetentionService>();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}

/// <summary>The retention scenarios, run on each database.</summary>
public abstract class RetentionScenarios<TFactory> : RetentionTestBase<TFactory> where TFactory : CommHubFactory, new()
{

    [Fact]
    public async Task Run_DeletesExpiredMessagesAndTheirFiles_KeepsHeldAndRecentOnes_AndIsSafeToRunTwice()
    {
        var channel = await Seed.ChannelAsync(retentionDays: 30);
        var forever = await Seed.ChannelAsync(retentionDays: null);
        var mixed = await Seed.ConversationAsync(channel, "Mixed");
        var oldOnly = await Seed.ConversationAsync(channel, "Old only");
        var held = await Seed.ConversationAsync(channel, "Held", legalHold: true);
        var kept = await Seed.ConversationAsync(forever, "Forever");
        var expired = await Seed.MessageAsync(mixed, Now.AddDays(-40), files: 2);
        var recent = await Seed.MessageAsync(mixed, Now.AddDays(-2), files: 1, text: "newest");
        var alone = await Seed.MessageAsync(oldOnly, Now.AddDays(-60), files: 1);
        var heldMessage = await Seed.MessageAsync(held, Now.AddDays(-90), files: 1);
        var keptMessage = await Seed.MessageAsync(kept, Now.AddDays(-900), files: 1);

        var run = await Retention.RunAsync();

        Assert.Equal(new DeletedCounts(2, 3, 1), run.Total);
        Assert.Equal(9, run.Blobs.Deleted);
        await using (var db = await Factory.CreateDbAsync())
        {
            Assert.Equal(new[] { recent.Id, heldMessage.Id, keptMessage.Id }.Order(), await db.Messages.Select(m => m.Id).OrderBy(id => id).ToListAsync());
            Assert.False(await db.Conversations.AnyAsync(c => c.Id == oldOnly.Id));
            Assert.Equal("newest", (await db.Conversations.SingleAsync(c => c.Id == mixed.Id)).LastMessagePreview);
            Assert.Equal(3, await db.Attachments.CountAsync());
            Assert.Empty(await db.PendingBlobDeletes.ToListAsync());
        }
        foreach (var key in RetentionSeed.Keys(expired).Concat(RetentionSeed.Keys(alone))) Assert.False(await Seed.Blobs.ExistsAsync(key), key);
        foreach (var key in new[] { recent, heldMessage, keptMessage }.SelectMany(RetentionSeed.Keys)) Assert.True(await Seed.Blobs.ExistsAsync(key), key);

        var again = await Retention.RunAsync();
        Assert.Equal(DeletedCounts.None, again.Total);
    }

    [Fact]
    public async Task Run_CountsDaysInTheChannelsTimeZone()
    {
        // 31 March 12:00 UTC is 1 April 01:00 in Auckland (NZDT, +13): 30 days back is 2 March 00:00 there = 1 March 11:00 UTC.
        var auckland = await Seed.ChannelAsync(retentionDays: 30, timeZone: "Pacific/Auckland");
        var utc = await Seed.ChannelAsync(retentionDays: 30);
        var nz = await Seed.ConversationAsync(auckland, "NZ");
        var gmt = await Seed.ConversationAsync(utc, "UTC");
        var justBefore = await Seed.MessageAsync(nz, new DateTime(2026, 3, 1, 10, 59, 0, DateTimeKind.Utc));
        var justAfter = await Seed.MessageAsync(nz, new DateTime(2026, 3, 1, 11, 0, 0, DateTimeKind.Utc));
        // In UTC the same period ends at 1 March 00:00 UTC.
        var utcBefore = await Seed.MessageAsync(gmt, new DateTime(2026, 2, 28, 23, 59, 0, DateTimeKind.Utc));
        var utcAfter = await Seed.MessageAsync(gmt, new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc));

        await Retention.RunAsync();

        await using var db = await Factory.CreateDbAsync();
        var left = await db.Messages.Select(m => m.Id).ToListAsync();
        Assert.DoesNotContain(justBefore.Id, left);
        Assert.Contains(justAfter.Id, left);
        Assert.DoesNotContain(utcBefore.Id, left);
        Assert.Contains(utcAfter.Id, left);
    }

    [Fact]
    public async Task Run_LowersUnreadCounters_AndUnlinksRepliesToDeletedMessages()
    {
        var channel = await Seed.ChannelAsync(retentionDays: 7);
        var conversation = await Seed.ConversationAsync(channel);
        var unread = await Seed.MessageAsync(conversation, Now.AddDays(-10), status: DeliveryStatus.Delivered);
        await Seed.MessageAsync(conversation, Now.AddDays(-1), status: DeliveryStatus.Delivered);
        await using (var db = await Factory.CreateDbAsync())
        {
            db.Messages.Add(new Message
            {
                ConversationId = conversation.Id, ChannelId = channel.Id, Direction = MessageDirection.Outbound, SenderKind = SenderKind.Agent,
                Text = "re", ReplyToMessageId = unread.Id, CreatedAt = Now, DeliveryStatus = DeliveryStatus.Read,
            });
            await db.SaveChangesAsync();
            Assert.Equal(2, (await db.Conversations.SingleAsync(c => c.Id == conversation.Id)).AgentUnreadCount);
        }

        await Retention.RunAsync();

        await using var check = await Factory.CreateDbAsync();
        Assert.Equal(1, (await check.Conversations.SingleAsync(c => c.Id == conversation.Id)).AgentUnreadCount);
        Assert.Null((await check.Messages.SingleAsync(m => m.Text == "re")).ReplyToMessageId);
    }

    [Fact]
    public async Task Run_UsesTheDefaultPeriod_ForChannelsWithoutTheirOwn_AndLeavesAnAuditEntryWithCountsPerChannel()
    {
        var channel = await Seed.ChannelAsync(retentionDays: null);
        var conversation = await Seed.ConversationAsync(channel);
        await Seed.MessageAsync(conversation, Now.AddDays(-400), files: 1);
        await Seed.MessageAsync(conversation, Now.AddDays(-400));
        await Seed.MessageAsync(conversation, Now.AddDays(-100));
        Assert.True((await Factory.Services.GetRequiredService<RetentionSettingsService>().SetDefaultDaysAsync(365, null)).Succeeded);

        await Retention.RunAsync();

        await using var db = await Factory.CreateDbAsync();
        Assert.Equal(1, await db.Messages.CountAsync());
        var entry = await db.AuditEntries.SingleAsync(a => a.Action == AuditActions.RetentionRun);
        Assert.Null(entry.UserId);
        using var details = JsonDocument.Parse(entry.Details!);
        var perChannel = Assert.Single(details.RootElement.GetProperty("channels").EnumerateArray());
        Assert.Equal(channel.Id, perChannel.GetProperty("id").GetInt32());
        Assert.Equal(2, perChannel.GetProperty("messages").GetInt32());
        Assert.Equal(1, perChannel.GetProperty("files").GetInt32());
        Assert.True(details.RootElement.GetProperty("durationMs").GetInt64() >= 0);
    }

    [Fact]
    public async Task Preview_CountsWhatARunWouldDeleteNow_WithoutDeletingAnything()
    {
        var channel = await Seed.ChannelAsync(retentionDays: null);
        var a = await Seed.ConversationAsync(channel, "A");
        var b = await Seed.ConversationAsync(channel, "B");
        var held = await Seed.ConversationAsync(channel, "Held", legalHold: true);
        await Seed.MessageAsync(a, Now.AddDays(-20), files: 2);
        await Seed.MessageAsync(a, Now.AddDays(-15));
        await Seed.MessageAsync(b, Now.AddDays(-11), files: 1);
        await Seed.MessageAsync(b, Now.AddDays(-5));
        await Seed.MessageAsync(held, Now.AddDays(-50), files: 1);
        var settings = Factory.Services.GetRequiredService<RetentionSettingsService>();

        Assert.Equal(new RetentionPreview(3, 3, 2), await settings.PreviewAsync(channel.Id, 10));
        Assert.Equal(new RetentionPreview(0, 0, 0), await settings.PreviewAsync(channel.Id, 30));

        await using var db = await Factory.CreateDbAsync();
        Assert.Equal(5, await db.Messages.CountAsync());
    }
}

public sealed class RetentionSqliteTests : RetentionScenarios<CommHubFactory>;

public sealed class RetentionPostgresTests : RetentionScenarios<PostgresFactory>;
