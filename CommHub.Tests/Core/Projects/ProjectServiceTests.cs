using CommHub.Core.Audit;
using CommHub.Core.Conversations;
using CommHub.Core.Projects;
using CommHub.Core.Users;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Core.Projects;

public sealed class ProjectServiceTests(CommHubFactory factory) : IClassFixture<CommHubFactory>
{
    private ProjectService Projects => factory.Services.GetRequiredService<ProjectService>();
    private ProjectQueries Queries => factory.Services.GetRequiredService<ProjectQueries>();

    [Theory]
    [InlineData("  ", null, null, "Give the project a name.")]
    [InlineData("Half a position", 59.9, null, "Enter both the site's latitude and longitude, or neither.")]
    [InlineData("North of north", 90.5, 10.0, "Latitude is between -90 and 90.")]
    [InlineData("East of east", 10.0, -180.5, "Longitude is between -180 and 180.")]
    public async Task Save_RefusesWhatIsNotAProject_WithASentence(string name, double? latitude, double? longitude, string error)
    {
        var result = await Projects.SaveAsync(new ProjectEdit(0, name, null, null, latitude, longitude), actingUserId: null);

        Assert.Equal(error, result.ErrorText);
    }

    [Fact]
    public async Task Save_TwoActiveProjectsWithOneName_IsRefused_ButAnArchivedOneFreesTheName()
    {
        var first = await factory.CreateProjectAsync("Depot roof");

        var twin = await Projects.SaveAsync(new ProjectEdit(0, "Depot roof", null, null, null, null), null);
        Assert.Equal("There is already an active project called “Depot roof”.", twin.ErrorText);

        await Projects.SetArchivedAsync(first, true, null);
        Assert.True((await Projects.SaveAsync(new ProjectEdit(0, "Depot roof", null, null, null, null), null)).Succeeded);
        Assert.False((await Projects.SetArchivedAsync(first, false, null)).Succeeded);
    }

    [Fact]
    public async Task Edit_ChangesTheProject_AndIsAudited()
    {
        var admin = await factory.CreateUserAsync("project.admin@example.com", Roles.Admin);
        var id = await factory.CreateProjectAsync("Old school");

        var saved = await Projects.SaveAsync(new ProjectEdit(id, " Old school, new wing ", " 4 School Lane ", "", 51.5, -0.12), admin.Id);

        Assert.True(saved.Succeeded, saved.ErrorText);
        var project = (await Queries.GetAsync(id))!;
        Assert.Equal(("Old school, new wing", "4 School Lane", null, 51.5, -0.12), (project.Name, project.SiteAddress, project.Description, project.SiteLatitude, project.SiteLongitude));
        await using var db = await factory.CreateDbAsync();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == AuditActions.ProjectChanged && a.UserId == admin.Id && a.EntityId == id.ToString()));
    }

    [Fact]
    public async Task AddMember_TakesOnlyActiveCrewAccounts_Once()
    {
        var id = await factory.CreateProjectAsync("Members only");
        var agent = await factory.CreateUserAsync("not.crew@example.com", Roles.Agent);
        var crew = await factory.CreateUserAsync("is.crew@example.com", Roles.Crew);

        Assert.Equal("Only active crew accounts can join a project; give the user the Crew role first.",
            (await Projects.AddMemberAsync(id, agent.Id, null)).ErrorText);
        Assert.Contains(await Queries.CandidatesAsync(id), c => c.UserId == crew.Id);
        Assert.True((await Projects.AddMemberAsync(id, crew.Id, null)).Succeeded);
        Assert.Equal("is.crew is already on this project.", (await Projects.AddMemberAsync(id, crew.Id, null)).ErrorText);
        Assert.DoesNotContain(await Queries.CandidatesAsync(id), c => c.UserId == crew.Id);
        Assert.Equal(1, Assert.Single(await Queries.ListAsync(includeArchived: false), p => p.Id == id).MemberCount);
    }

    [Fact]
    public async Task List_LeavesArchivedOut_UnlessAsked()
    {
        var active = await factory.CreateProjectAsync("Listed active");
        var archived = await factory.CreateProjectAsync("Listed archived");
        await Projects.SetArchivedAsync(archived, true, null);

        Assert.Contains(await Queries.ListAsync(false), p => p.Id == active);
        Assert.DoesNotContain(await Queries.ListAsync(false), p => p.Id == archived);
        Assert.True(Assert.Single(await Queries.ListAsync(true), p => p.Id == archived).Archived);
    }

    [Fact]
    public async Task Inbox_FiltersByProject_AndNamesTheProjectOnEachRow()
    {
        var bridge = await factory.CreateProjectAsync("Inbox bridge");
        var tunnel = await factory.CreateProjectAsync("Inbox tunnel");
        var onBridge = await factory.CrewPostAsync(await factory.AddCrewAsync(bridge, "inbox.bridge@example.com"), bridge, "Bridge news");
        var onTunnel = await factory.CrewPostAsync(await factory.AddCrewAsync(tunnel, "inbox.tunnel@example.com"), tunnel, "Tunnel news");
        var inbox = factory.Services.GetRequiredService<InboxQueryService>();

        var page = await inbox.ListAsync(new InboxFilter(ProjectId: bridge), "");

        var row = Assert.Single(page.Items);
        Assert.Equal((onBridge.ConversationId, "Inbox bridge"), (row.Id, row.ProjectName));
        var all = await inbox.ListAsync(new InboxFilter(), "");
        Assert.Equal("Inbox tunnel", all.Items.Single(i => i.Id == onTunnel.ConversationId).ProjectName);
    }
}
