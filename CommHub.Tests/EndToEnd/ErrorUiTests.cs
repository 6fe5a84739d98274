using CommHub.Tests.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommHub.Tests.EndToEnd;

/// <summary>
/// What a person sees when the server fails: an app of its own (not the shared browser fixture) whose database commands
/// the tests make fail on purpose.
/// </summary>
public sealed class ErrorUiTests(ErrorUiTests.Fixture fixture) : IClassFixture<ErrorUiTests.Fixture>, IAsyncLifetime
{
    private readonly BrowserFixture browser = fixture.Browser;
    private readonly FailingCommandInterceptor database = fixture.Database;

    public Task InitializeAsync() => Task.CompletedTask;

    // Whatever a test left failing, the next one starts with a working database.
    public Task DisposeAsync()
    {
        database.FailWhen = null;
        return Task.CompletedTask;
    }

    public sealed class Fixture : IAsyncLifetime
    {
        public BrowserFixture Browser { get; } = new();
        public FailingCommandInterceptor Database { get; } = new();

        public Task InitializeAsync()
        {
            Browser.App.ConfigureServices = Database.AddTo;
            return Browser.InitializeAsync();
        }

        public Task DisposeAsync() => Browser.DisposeAsync();
    }

    private async Task<IPage> SignedInAdminAsync()
    {
        var page = await browser.NewPageAsync();
        await new LoginPage(page).SignInAsync(CommHubFactory.AdminEmail, CommHubFactory.AdminPassword);
        await page.WaitForURLAsync("**/inbox");
        await new AppShell(page).WaitInteractiveAsync();
        return page;
    }

    [Fact]
    public async Task AnErrorOutsideAnyPage_ShowsTheErrorBar_AndReloadBringsThePageBack()
    {
        var page = await SignedInAdminAsync();
        var bar = page.Locator("#blazor-error-ui");
        await Expect(bar).ToBeHiddenAsync();

        // The layout saves the dark-mode choice; with the database gone the live page fails outside any page's boundary.
        database.FailWhen = sql => sql.Contains("PrefersDarkMode", StringComparison.Ordinal) && sql.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase);
        await page.ClickAsync("[data-testid=dark-mode-toggle]");

        await Expect(bar).ToBeVisibleAsync();
        await Expect(bar).ToContainTextAsync("Something went wrong and this page stopped working.");
        database.FailWhen = null;
        await page.ClickAsync("[data-testid=app-error-reload]");
        await new AppShell(page).WaitInteractiveAsync();
        await Expect(bar).ToBeHiddenAsync();
        Assert.EndsWith("/inbox", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APageWhoseServiceThrows_ShowsSomethingWentWrong_AndTheMenuStillWorks()
    {
        var page = await SignedInAdminAsync();

        database.FailWhen = sql => sql.Contains("FROM \"Templates\"", StringComparison.Ordinal);
        await new AppShell(page).Nav("templates").ClickAsync();

        var error = page.Locator("[data-testid=page-error]");
        await Expect(error).ToBeVisibleAsync();
        await Expect(error).ToContainTextAsync("Something went wrong");
        await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();

        database.FailWhen = null;
        await page.ClickAsync("[data-testid=page-error-retry]");
        await Expect(error).ToBeHiddenAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Templates");
    }

    [Fact]
    public async Task APortalSendTheDatabaseRefuses_ShowsAFriendlyMessage_AndKeepsTheText()
    {
        var page = await browser.NewPageAsync();
        var portal = new PortalPage(page);
        await portal.RegisterAsync("Fran Failing", "fran@example.com", "fran's long password");
        await portal.StartRequestAsync("Printer jam", "Paper stuck in tray 2.");

        database.FailWhen = sql => sql.Contains("INSERT INTO \"Messages\"", StringComparison.Ordinal);
        await portal.TypeAsync("Still stuck");
        await page.ClickAsync("[data-testid=composer-send]");

        await Expect(page.Locator("[data-testid=composer]")).ToContainTextAsync("Your message could not be sent because of a problem on our side.");
        await Expect(page.Locator("[data-testid=composer-input] textarea, textarea[data-testid=composer-input]")).ToHaveValueAsync("Still stuck");
        await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
    }
}
