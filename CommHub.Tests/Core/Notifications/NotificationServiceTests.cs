using CommHub.Core.Conversations;
using CommHub.Core.Notifications;
using CommHub.Core.Users;
using CommHub.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Core.Notifications;

public sealed class NotificationServiceTests(CommHubFactory factory) : IClassFixture<CommHubFactory>
{
    private NotificationService Notifications => factory.Services.GetRequiredService<NotificationService>();
    private ConversationService Conversations => factory.Services.GetRequiredService<ConversationService>();

    [Fact]
    public async Task Assigning_NotifiesTheAssignee_LiveAndInTheList_ButNotWhenTheyTookItThemselves()
    {
        var lead = await factory.CreateUserAsync("notify.lead@example.com", Roles.Agent);
        var agent = await factory.CreateUserAsync("notify.agent@example.com", Roles.Agent);
        var id = await factory.StartRequestAsync(await factory.RegisterCustomerAsync("notify.assign@example.com"), "Broken heater");
        var heard = new TaskCompletionSource<LiveEvent>();
        using var subscription = factory.Services.GetRequiredService<ConversationNotifier>().Subscribe(e =>
        {
            if (e.Kind == LiveEventKind.Notification) heard.TrySetResult(e);
            return Task.CompletedTask;
        });

        Assert.True((await Conversations.AssignAsync(id, agent.Id, lead.Id)).Succeeded);

        var item = Assert.Single(await Notifications.ListAsync(agent.Id));
        Assert.Equal((NotificationKind.Assigned, id, "notify.lead assigned you “Broken heater”", false), (item.Kind, item.ConversationId, item.Text, item.Read));
        var live = await heard.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal((agent.Id, id), (live.UserId, live.ConversationId));
        Assert.False(live.ChangesConversation);

        await Conversations.AssignAsync(id, lead.Id, lead.Id);
        Assert.Empty(await Notifications.ListAsync(lead.Id));
    }

    [Fact]
    public async Task AMentionInANote_NotifiesWhoIsMentioned_NotTheAuthor_AndACustomerMessageNotifiesTheAssignee()
    {
        var author = await factory.CreateUserAsync("mention.author@example.com", Roles.Agent);
        var mentioned = await factory.CreateUserAsync("mention.target@example.com", Roles.Agent);
        var customer = await factory.RegisterCustomerAsync("mention.customer@example.com", "Mia Customer");
        var id = await factory.StartRequestAsync(customer, "Leaking roof");

        await Conversations.ReplyAsync(id, author.Id, "@mention.target can you call them? @mention.author too", privateNote: true);

        var item = Assert.Single(await Notifications.ListAsync(mentioned.Id));
        Assert.Equal((NotificationKind.Mentioned, "mention.author mentioned you in “Leaking roof”"), (item.Kind, item.Text));
        Assert.NotNull(item.MessageId);
        Assert.Empty(await Notifications.ListAsync(author.Id));

        // A reply (not a note) mentions nobody.
        await Conversations.ReplyAsync(id, author.Id, "Thanks @mention.target");
        Assert.Single(await Notifications.ListAsync(mentioned.Id));

        await Conversations.AssignAsync(id, mentioned.Id, author.Id);
        var portal = factory.Services.GetRequiredService<CommHub.Core.Portal.PortalService>();
        Assert.True((await portal.ReplyAsync(customer, id, "It is getting worse", [])).Succeeded);
        var newest = (await Notifications.ListAsync(mentioned.Id))[0];
        Assert.Equal((NotificationKind.CustomerMessage, "Mia Customer wrote in “Leaking roof”"), (newest.Kind, newest.Text));
        Assert.Equal(3, await Notifications.UnreadCountAsync(mentioned.Id));

        await Notifications.MarkReadAsync(mentioned.Id, newest.Id);
        Assert.Equal(2, await Notifications.UnreadCountAsync(mentioned.Id));
        await Notifications.MarkReadAsync(author.Id, item.Id); // not theirs: nothing happens
        Assert.Equal(2, await Notifications.UnreadCountAsync(mentioned.Id));
        await Notifications.MarkAllReadAsync(mentioned.Id);
        Assert.Equal(0, await Notifications.UnreadCountAsync(mentioned.Id));
    }

    [Fact]
    public async Task TheAlert_FollowsTheUsersSettings_AndQuietHours()
    {
        var lead = await factory.CreateUserAsync("alert.lead@example.com", Roles.Agent);
        var agent = await factory.CreateUserAsync("alert.agent@example.com", Roles.Agent);
        var id = await factory.StartRequestAsync(await factory.RegisterCustomerAsync("alert.customer@example.com"), "Alerts");
        await Conversations.AssignAsync(id, agent.Id, lead.Id);

        var loud = await Notifications.AlertAsync(agent.Id);
        Assert.Equal((1, true, true), (loud.Unread, loud.Sound, loud.Desktop));

        // Quiet all day (from equals until): still listed, no sound or desktop notification.
        var quiet = NotificationSettings.Default with { QuietHoursOn = true, QuietFrom = new TimeOnly(0, 0), QuietUntil = new TimeOnly(0, 0), TimeZoneId = "Asia/Tokyo" };
        Assert.True((await Notifications.SaveSettingsAsync(agent.Id, quiet)).Succeeded);
        Assert.Equal(quiet, await Notifications.GetSettingsAsync(agent.Id));
        var hushed = await Notifications.AlertAsync(agent.Id);
        Assert.Equal((1, false, false), (hushed.Unread, hushed.Sound, hushed.Desktop));

        Assert.False((await Notifications.SaveSettingsAsync(agent.Id, quiet with { TimeZoneId = "Nowhere/Land" })).Succeeded);
        var silent = NotificationSettings.Default with { Assigned = new NotificationChannels(Sound: false, Desktop: true) };
        await Notifications.SaveSettingsAsync(agent.Id, silent);
        var desktopOnly = await Notifications.AlertAsync(agent.Id);
        Assert.Equal((false, true), (desktopOnly.Sound, desktopOnly.Desktop));
    }
}
