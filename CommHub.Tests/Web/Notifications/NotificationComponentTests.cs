using Bunit;
using CommHub.Core.Conversations;
using CommHub.Core.Notifications;
using CommHub.Core.Users;
using CommHub.Tests.TestSupport;
using CommHub.Web.Features.Notifications;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CommHub.Tests.Web.Notifications;

/// <summary>The bell and the preferences page, over the real notification service and database.</summary>
public sealed class NotificationComponentTests : ComponentTestBase, IClassFixture<CommHubFactory>
{
    private readonly CommHubFactory factory;

    public NotificationComponentTests(CommHubFactory factory)
    {
        this.factory = factory;
        Services.AddSingleton(factory.Services.GetRequiredService<NotificationService>());
        Services.AddSingleton(factory.Services.GetRequiredService<ConversationNotifier>());
        Services.AddSingleton(TimeProvider.System);
    }

    private NotificationService Notifications => factory.Services.GetRequiredService<NotificationService>();

    private async Task<(string UserId, int ConversationId)> AgentWithAConversationAsync(string email)
    {
        var agent = await factory.CreateUserAsync(email, Roles.Agent);
        var conversation = await factory.StartRequestAsync(await factory.RegisterCustomerAsync("customer." + email), subject: "Bell " + email);
        return (agent.Id, conversation);
    }

    [Fact]
    public async Task TheBell_CountsUnread_TakesANewOneLive_AndOpeningOneGoesToItsConversation()
    {
        var (agent, conversation) = await AgentWithAConversationAsync("bell.agent@example.com");
        var lead = await factory.CreateUserAsync("bell.lead@example.com", Roles.Admin);
        await Notifications.AssignedAsync(conversation, agent, lead.Id);
        var popovers = Render<MudPopoverProvider>();

        var bell = Render<NotificationBell>(p => p.Add(b => b.UserId, agent));

        Assert.Equal("1", bell.Find(".mud-badge").TextContent.Trim());
        Assert.Equal("Notifications, 1 unread", bell.Find("button").GetAttribute("aria-label"));

        // Another one arrives while the page is open: the count follows without a reload.
        var other = await factory.StartRequestAsync(await factory.RegisterCustomerAsync("second.bell@example.com"), subject: "Bell two");
        await Notifications.AssignedAsync(other, agent, lead.Id);
        bell.WaitForAssertion(() => Assert.Equal("2", bell.Find(".mud-badge").TextContent.Trim()), TimeSpan.FromSeconds(30));

        await bell.Find("button").ClickAsync(new());
        var items = popovers.WaitForElements("[data-testid=notification]", TimeSpan.FromSeconds(30));
        Assert.Equal(2, items.Count);
        Assert.All(items, i => Assert.Equal("false", i.GetAttribute("data-read")));
        await popovers.FindAll("[data-testid=notification]")[1].ClickAsync(new());

        Assert.EndsWith($"/inbox/{conversation}", Services.GetRequiredService<NavigationManager>().Uri);
        Assert.Equal(1, await Notifications.UnreadCountAsync(agent));
        bell.WaitForAssertion(() => Assert.Equal("1", bell.Find(".mud-badge").TextContent.Trim()), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task AnEmptyBell_SaysWhatWillAppearThere()
    {
        var (agent, _) = await AgentWithAConversationAsync("empty.bell@example.com");
        var popovers = Render<MudPopoverProvider>();
        var bell = Render<NotificationBell>(p => p.Add(b => b.UserId, agent));

        Assert.Equal("Notifications", bell.Find("button").GetAttribute("aria-label"));
        await bell.Find("button").ClickAsync(new());

        popovers.WaitForAssertion(() => Assert.Contains("Nothing yet", popovers.Find("[data-testid=notifications-empty]").TextContent),
            TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Preferences_SaveASoundTurnedOffAndQuietHours_AndAnUnknownTimeZoneIsRefusedWithAMessage()
    {
        var (agent, _) = await AgentWithAConversationAsync("prefs.agent@example.com");
        SignInAs(agent, Roles.Agent);
        var page = Render<NotificationSettingsPage>();
        page.WaitForElement("[data-testid=notification-kinds]", TimeSpan.FromSeconds(30));

        page.Find("[data-testid=notification-kind-assigned] input[data-testid=sound]").Change(false);
        page.Find("input[data-testid=quiet-on]").Change(true);
        page.Find("input[data-testid=quiet-zone]").Change("Mars/Olympus_Mons");
        await page.Find("[data-testid=notifications-save]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("'Mars/Olympus_Mons' is not a time zone this server knows", page.Find("[data-testid=quiet-hours]").TextContent),
            TimeSpan.FromSeconds(30));
        Assert.False((await Notifications.GetSettingsAsync(agent)).QuietHoursOn);

        page.Find("input[data-testid=quiet-zone]").Change("Europe/Berlin");
        await page.Find("[data-testid=notifications-save]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains(Services.GetRequiredService<ISnackbar>().ShownSnackbars, s => s.Message == "Notification settings saved."),
            TimeSpan.FromSeconds(30));
        var saved = await Notifications.GetSettingsAsync(agent);
        Assert.False(saved.Assigned.Sound);
        Assert.True(saved.Mentioned.Sound);
        Assert.Equal((true, "Europe/Berlin"), (saved.QuietHoursOn, saved.TimeZoneId));
    }
}
