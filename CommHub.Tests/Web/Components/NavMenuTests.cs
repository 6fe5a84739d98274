using Bunit;
using CommHub.Core.Users;
using CommHub.Tests.TestSupport;
using CommHub.Web.Components.Layout;

namespace CommHub.Tests.Web.Components;

public sealed class NavMenuTests : ComponentTestBase
{
    private IReadOnlyList<string> Entries()
    {
        var menu = Render<NavMenu>();
        return menu.FindAll("[data-testid^=nav-]").Select(e => e.GetAttribute("data-testid")!).Where(id => id != "nav-menu").ToList();
    }

    [Fact]
    public void Agent_SeesTheInboxProjectsTemplatesAndAnalytics_AndNoAdminEntries()
    {
        SignInAs("agent@example.com", Roles.Agent);

        Assert.Equal(["nav-inbox", "nav-projects", "nav-contacts", "nav-templates", "nav-analytics"], Entries());
    }

    [Fact]
    public void Admin_SeesTheInboxProjectsTemplates_UsersRulesAndJobs()
    {
        SignInAs("admin@example.com", Roles.Admin);

        Assert.Equal(["nav-inbox", "nav-projects", "nav-contacts", "nav-templates", "nav-analytics", "nav-admin-users", "nav-channels", "nav-rules", "nav-webhooks", "nav-admin-audit", "nav-jobs"], Entries());
    }

    [Fact]
    public void Customer_SeesOnlyTheirRequests()
    {
        SignInAs("customer@example.com", Roles.Customer);

        Assert.Equal(["nav-portal"], Entries());
    }

    [Fact]
    public void Crew_SeesOnlyTheirProjects()
    {
        SignInAs("crew@example.com", Roles.Crew);

        Assert.Equal(["nav-crew"], Entries());
    }

    [Fact]
    public void Anonymous_SeesNothing()
    {
        Assert.Empty(Entries());
    }
}
