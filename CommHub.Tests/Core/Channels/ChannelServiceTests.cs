using CommHub.Core.Channels;
using CommHub.Core.Users;
using CommHub.Infrastructure.Jobs;
using CommHub.Tests.TestSupport;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Core.Channels;

public sealed class ChannelServiceTests(CommHubFactory factory) : IClassFixture<CommHubFactory>
{
    private ChannelService Channels => factory.Services.GetRequiredService<ChannelService>();

    [Fact]
    public async Task TheList_CountsTodaysMessagesInAndOut_PerChannel()
    {
        var customer = await factory.RegisterCustomerAsync("counted@example.com");
        var id = await factory.StartRequestAsync(customer, "Counting", "one");
        var agent = await factory.CreateUserAsync("counting.agent@example.com", Roles.Agent);
        await factory.Services.GetRequiredService<CommHub.Core.Conversations.ConversationService>().ReplyAsync(id, agent.Id, "two");
        await factory.Services.GetRequiredService<CommHub.Core.Conversations.ConversationService>().ReplyAsync(id, agent.Id, "a note", privateNote: true);
        await factory.Services.GetRequiredService<CommHub.Core.Conversations.ConversationService>().ReplyAsync(id, agent.Id, "never left");
        await using (var db = await factory.CreateDbAsync())
            await db.Messages.Where(m => m.ConversationId == id && m.Text == "never left").ExecuteUpdateAsync(s => s.SetProperty(m => m.DeliveryStatus, CommHub.Core.Conversations.DeliveryStatus.Failed));

        var portal = Assert.Single(await Channels.ListAsync(), c => c.Kind == ChannelKind.Portal);

        // The failed send is not counted as sent; the customer's message is the channel's last one in.
        Assert.Equal((1, 1, ChannelStatus.Active), (portal.InToday, portal.OutToday, portal.Status));
        Assert.NotNull(portal.LastInboundAt);
    }

    [Fact]
    public async Task Disabling_AGmailChannel_StopsItsSyncJob_AndIsAudited()
    {
        int id;
        await using (var db = await factory.CreateDbAsync())
        {
            var channel = new Channel { Kind = ChannelKind.Gmail, Name = "toggle@example.com" };
            db.Channels.Add(channel);
            await db.SaveChangesAsync();
            id = channel.Id;
        }
        await factory.Services.GetRequiredService<ChannelJobScheduler>().ScheduleAllAsync();

        var result = await Channels.SetEnabledAsync(id, false, "admin-1");

        Assert.True(result.Succeeded);
        var summary = (await Channels.ListAsync()).Single(c => c.Id == id);
        Assert.Equal((false, ChannelStatus.Disabled), (summary.Enabled, summary.Status));
        using var connection = factory.Services.GetRequiredService<JobStorage>().GetConnection();
        Assert.DoesNotContain(connection.GetRecurringJobs(), j => j.Id == GmailPollJob.RecurringId(id));
        await using var check = await factory.CreateDbAsync();
        Assert.True(await check.AuditEntries.AnyAsync(a => a.Action == "channel.disabled" && a.EntityId == id.ToString()));

        await Channels.SetEnabledAsync(id, true, "admin-1");
        using var again = factory.Services.GetRequiredService<JobStorage>().GetConnection();
        Assert.Contains(again.GetRecurringJobs(), j => j.Id == GmailPollJob.RecurringId(id));
    }

    [Fact]
    public async Task BusinessHours_AreValidated_Saved_AndRemoved()
    {
        int id;
        await using (var db = await factory.CreateDbAsync())
        {
            var channel = new Channel { Kind = ChannelKind.Portal, Name = "Hours" };
            db.Channels.Add(channel);
            await db.SaveChangesAsync();
            id = channel.Id;
        }
        var week = new BusinessHours("Europe/Berlin",
            [new BusinessHoursSlot(DayOfWeek.Tuesday, new TimeOnly(9, 0), new TimeOnly(17, 0)), new BusinessHoursSlot(DayOfWeek.Monday, new TimeOnly(8, 0), new TimeOnly(12, 0))],
            [new DateOnly(2026, 12, 25), new DateOnly(2026, 12, 25)]);

        Assert.Equal("'Mars/Olympus' is not a time zone this server knows (use a name like Europe/Berlin).",
            (await Channels.SetBusinessHoursAsync(id, week with { TimeZoneId = "Mars/Olympus" })).ErrorText);
        Assert.Equal("On Monday the closing time must be after the opening time.",
            (await Channels.SetBusinessHoursAsync(id, week with { Slots = [new BusinessHoursSlot(DayOfWeek.Monday, new TimeOnly(17, 0), new TimeOnly(9, 0))] })).ErrorText);
        Assert.True((await Channels.SetBusinessHoursAsync(id, week)).Succeeded);

        var saved = await Channels.GetBusinessHoursAsync(id);
        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Tuesday], saved!.Slots.Select(s => s.Day));
        Assert.Equal([new DateOnly(2026, 12, 25)], saved.Holidays);

        await Channels.SetBusinessHoursAsync(id, null);
        Assert.Null(await Channels.GetBusinessHoursAsync(id));
    }
}
