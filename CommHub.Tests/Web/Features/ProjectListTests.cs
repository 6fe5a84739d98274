using Bunit;
using CommHub.Core.Projects;
using CommHub.Tests.TestSupport;
using CommHub.Web.Features.Projects;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Web.Features;

public sealed class ProjectListTests : ComponentTestBase
{
    public ProjectListTests() => Services.AddSingleton(TimeProvider.System);

    private static readonly ProjectListItem Bridge = new(3, "Harbour bridge", "1 Quay Road", false, 4, 2, DateTime.UtcNow.AddMinutes(-5));
    private static readonly ProjectListItem Depot = new(9, "Old depot", null, true, 0, 0, null);

    [Fact]
    public void Rows_LinkToTheProject_WithCrewCount_AndMarkArchivedOnes()
    {
        var list = Render<ProjectList>(p => p.Add(l => l.Items, [Bridge, Depot]));

        var links = list.FindAll("[data-testid=project-name]");
        Assert.Equal(["Harbour bridge", "Old depot"], links.Select(l => l.TextContent));
        Assert.Equal("/projects/3", links[0].GetAttribute("href"));
        Assert.Equal(["4", "0"], list.FindAll("[data-testid=project-members]").Select(c => c.TextContent));
        Assert.Single(list.FindAll("[data-testid=project-archived]"));
        Assert.Contains("5 min", list.Markup);
        Assert.Contains("none yet", list.Markup);
    }

    [Fact]
    public void Agents_ReadTheList_WithoutEditOrArchive()
    {
        var list = Render<ProjectList>(p => p.Add(l => l.Items, [Bridge]).Add(l => l.CanManage, false));

        Assert.Empty(list.FindAll("[data-testid=edit-project]"));
        Assert.Empty(list.FindAll("[data-testid=archive-project]"));
    }

    [Fact]
    public void Admins_EditAndArchive_TheRowTheyClick()
    {
        ProjectListItem? edited = null, archived = null;
        var list = Render<ProjectList>(p => p.Add(l => l.Items, [Bridge, Depot]).Add(l => l.CanManage, true)
            .Add(l => l.OnEdit, item => edited = item).Add(l => l.OnArchive, item => archived = item));

        list.FindAll("button[data-testid=edit-project]")[1].Click();
        list.FindAll("button[data-testid=archive-project]")[0].Click();

        Assert.Equal(Depot, edited);
        Assert.Equal(Bridge, archived);
        Assert.Equal("Restore Old depot", list.FindAll("button[data-testid=archive-project]")[1].GetAttribute("aria-label"));
    }

    [Fact]
    public void NoProjects_SaysWhatToDo_ForEachRole()
    {
        var forAdmin = Render<ProjectList>(p => p.Add(l => l.Items, []).Add(l => l.CanManage, true));
        var forAgent = Render<ProjectList>(p => p.Add(l => l.Items, []).Add(l => l.CanManage, false));

        Assert.Contains("Create one, add its crew", forAdmin.Find("[data-testid=projects-empty]").TextContent);
        Assert.Contains("An admin creates projects", forAgent.Find("[data-testid=projects-empty]").TextContent);
    }
}
