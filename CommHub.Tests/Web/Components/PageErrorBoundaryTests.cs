using Bunit;
using CommHub.Core.Data;
using CommHub.Core.Templates;
using CommHub.Core.Users;
using CommHub.Tests.TestSupport;
using CommHub.Web.Components.Shared;
using CommHub.Web.Features.Templates;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Web.Components;

/// <summary>A real page whose service throws (its database has no tables yet) inside the layout's error boundary.</summary>
public sealed class PageErrorBoundaryTests : ComponentTestBase
{
    private readonly string databaseFile = Path.Combine(Path.GetTempPath(), "commhub-boundary-" + Guid.NewGuid().ToString("N") + ".db");

    public PageErrorBoundaryTests()
    {
        Services.AddSingleton(TimeProvider.System);
        Services.AddDbContextFactory<CommHubDbContext>(o => o.UseSqlite($"Data Source={databaseFile}"));
        Services.AddSingleton<CommHub.Core.Audit.AuditLog>();
        Services.AddSingleton<TemplateService>();
        SignInAs("agent-1", Roles.Agent);
    }

    private IRenderedComponent<PageErrorBoundary> RenderTemplatesPage() =>
        Render<PageErrorBoundary>(p => p.AddChildContent<Templates>());

    [Fact]
    public void AServiceThatThrows_ShowsSomethingWentWrong_WithRetryAndReload()
    {
        var page = RenderTemplatesPage();

        page.WaitForElement("[data-testid=page-error]", TimeSpan.FromSeconds(30));
        Assert.Contains("Something went wrong", page.Markup);
        Assert.Single(page.FindAll("[data-testid=page-error-retry]"));
        Assert.Single(page.FindAll("[data-testid=page-error-reload]"));
        Assert.DoesNotContain("SqliteException", page.Markup);
    }

    [Fact]
    public async Task TryAgain_RendersThePageOnceTheServiceWorks()
    {
        var page = RenderTemplatesPage();
        page.WaitForElement("[data-testid=page-error]", TimeSpan.FromSeconds(30));

        await using (var db = await Services.GetRequiredService<IDbContextFactory<CommHubDbContext>>().CreateDbContextAsync())
            await db.Database.EnsureCreatedAsync();
        await page.Find("[data-testid=page-error-retry]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=page-error]")), TimeSpan.FromSeconds(30));
        Assert.Contains("Templates", page.Markup);
    }

    protected override ValueTask DisposeAsyncCore()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(databaseFile);
        return base.DisposeAsyncCore();
    }
}
