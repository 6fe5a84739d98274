using CommHub.Core.Users;
using CommHub.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommHub.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class SignInAndRolesTests(BrowserFixture browser)
{
    [Fact]
    public async Task Admin_CreatesAnAgent_WhoSeesTheInboxButNoAdminEntries()
    {
        var page = await browser.NewPageAsync();
        var shell = new AppShell(page);

        await new LoginPage(page).SignInAsync(CommHubFactory.AdminEmail, CommHubFactory.AdminPassword);
        await page.WaitForURLAsync("**/inbox");
        await Expect(shell.Nav("admin-users")).ToBeVisibleAsync();

        var users = new UsersPage(page);
        await users.OpenAsync();
        await users.CreateAsync("e2e.agent@example.com", "Erin Agent", "erin's long password");
        await Expect(users.Row("e2e.agent@example.com")).ToContainTextAsync("Agent");

        await shell.SignOutAsync();
        await new LoginPage(page).SignInAsync("e2e.agent@example.com", "erin's long password");
        await page.WaitForURLAsync("**/inbox");
        await shell.WaitInteractiveAsync();

        await Expect(shell.Nav("inbox")).ToBeVisibleAsync();
        await Expect(shell.Nav("admin-users")).ToHaveCountAsync(0);
        await Expect(shell.Nav("jobs")).ToHaveCountAsync(0);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Inbox");
    }

    [Fact]
    public async Task Customer_PortalFitsAPhoneScreen()
    {
        var page = await browser.NewPageAsync(width: 360, height: 740);
        await new PortalPage(page).RegisterAsync("Pat Phone", "pat.phone@example.com", "pat's long password");
        await new PortalPage(page).StartRequestAsync("From my phone", "Typed on a small screen.");

        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        if (Environment.GetEnvironmentVariable("COMMHUB_SCREENSHOTS") is { Length: > 0 } folder)
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "phone-portal.png") });

        Assert.True(scrollWidth <= 360, $"the portal chat is {scrollWidth}px wide on a 360px screen");
    }

    [Fact]
    public async Task Customer_OpeningAdminUsers_SeesAccessDenied_NotAnErrorPage()
    {
        await browser.App.CreateUserAsync("e2e.customer@example.com", Roles.Customer);
        var page = await browser.NewPageAsync();

        await new LoginPage(page).SignInAsync("e2e.customer@example.com", "a long enough password");
        await page.WaitForURLAsync("**/portal");
        var response = await page.GotoAsync("/admin/users");

        Assert.True(response!.Ok, $"status {response.Status}");
        await Expect(page.Locator("[data-testid=access-denied]")).ToBeVisibleAsync();
        await Expect(page.Locator("body")).Not.ToContainTextAsync("Exception");
    }

    [Fact]
    public async Task WrongPasswordFiveTimes_ShowsTheThrottleMessage()
    {
        await browser.App.CreateUserAsync("e2e.lockout@example.com", Roles.Agent);
        var page = await browser.NewPageAsync();
        var login = new LoginPage(page);

        for (var i = 0; i < 5; i++) await login.SignInAsync("e2e.lockout@example.com", $"not my password {i}");

        await Expect(login.Error).ToContainTextAsync("Too many failed sign-ins for this email from this device. Try again in 15 minutes.");
    }

    [Fact]
    public async Task DisablingAUser_EndsTheirOpenLiveSession()
    {
        var agent = await browser.App.CreateUserAsync("e2e.disabled@example.com", Roles.Agent);
        var page = await browser.NewPageAsync();
        await new LoginPage(page).SignInAsync("e2e.disabled@example.com", "a long enough password");
        await page.WaitForURLAsync("**/inbox");
        await new AppShell(page).WaitInteractiveAsync();

        await browser.App.Services.GetRequiredService<UserAdminService>().SetDisabledAsync(agent.Id, true, actingUserId: null);

        // The live circuit re-checks the user and sends the page back to sign-in, without a reload by the user.
        await page.WaitForURLAsync("**/account/login**", new PageWaitForURLOptions { Timeout = 20_000 });
    }

    [Fact]
    public async Task DarkMode_IsRememberedForTheUser()
    {
        await browser.App.CreateUserAsync("e2e.dark@example.com", Roles.Agent);
        var page = await browser.NewPageAsync();
        var shell = new AppShell(page);
        await new LoginPage(page).SignInAsync("e2e.dark@example.com", "a long enough password");
        await page.WaitForURLAsync("**/inbox");
        await shell.WaitInteractiveAsync();
        var light = await shell.BackgroundColorAsync();

        await shell.ToggleDarkModeAsync();
        await Expect(page.Locator("[data-testid=dark-mode-toggle]")).ToBeVisibleAsync();
        await page.WaitForFunctionAsync($"() => getComputedStyle(document.body).backgroundColor !== '{light}'");
        var dark = await shell.BackgroundColorAsync();
        await page.ReloadAsync();
        await shell.WaitInteractiveAsync();

        Assert.NotEqual(light, dark);
        Assert.Equal(dark, await shell.BackgroundColorAsync());
    }

    [Theory]
    [InlineData("/inbox")]
    [InlineData("/inbox/{id}")]
    [InlineData("/admin/users")]
    [InlineData("/templates")]
    [InlineData("/projects")]
    [InlineData("/rules")]
    [InlineData("/channels")]
    [InlineData("/analytics")]
    [InlineData("/admin/audit")]
    [InlineData("/contacts")]
    [InlineData("/search?q=screen")]
    [InlineData("/account/notifications")]
    [InlineData("/account/profile")]
    [InlineData("/account/password")]
    [InlineData("/inbox?sort=waiting")]
    public async Task Pages_FitAPhoneScreen(string path)
    {
        var customer = await browser.App.RegisterCustomerAsync($"phone.{new string(path.Where(char.IsAsciiLetterLower).ToArray())}@example.com", "Phoebe Phone");
        var id = await browser.App.StartRequestAsync(customer, "Screen too small?", "A long first message that has to wrap on a narrow phone screen without pushing the page sideways.");
        path = path.Replace("{id}", id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var page = await browser.NewPageAsync(width: 360, height: 740);
        await new LoginPage(page).SignInAsync(CommHubFactory.AdminEmail, CommHubFactory.AdminPassword);
        await page.WaitForURLAsync("**/inbox");
        await page.GotoAsync(path);
        // The account forms are server-rendered pages (Identity's), without an interactive circuit.
        if (path is "/account/profile" or "/account/password") await Expect(page.Locator("h1")).ToBeVisibleAsync();
        else await new AppShell(page).WaitInteractiveAsync();

        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        if (Environment.GetEnvironmentVariable("COMMHUB_SCREENSHOTS") is { Length: > 0 } folder)
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"phone{path.Replace('/', '-')}.png") });

        Assert.True(scrollWidth <= 360, $"{path} is {scrollWidth}px wide on a 360px screen");
    }
}
