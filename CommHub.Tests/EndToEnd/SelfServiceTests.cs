using CommHub.Tests.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommHub.Tests.EndToEnd;

/// <summary>Users looking after their own account, and the admin's account tools.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SelfServiceTests(BrowserFixture browser)
{
    [Fact]
    public async Task AnAdminResetsAPassword_TheUserSignsInWithIt_AndMustChooseTheirOwnFirst()
    {
        await browser.App.CreateUserAsync("forgot.password@example.com", CommHub.Core.Users.Roles.Agent);
        var admin = await browser.NewPageAsync();
        await new LoginPage(admin).SignInAsync(CommHubFactory.AdminEmail, CommHubFactory.AdminPassword);
        await admin.WaitForURLAsync("**/inbox");
        var usersPage = new UsersPage(admin);
        await usersPage.OpenAsync();

        await usersPage.Row("forgot.password@example.com").Locator("[data-testid=reset-password]").ClickAsync();
        await admin.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Reset password" }).ClickAsync();
        var shown = admin.Locator("[data-testid=one-time-password] input, input[data-testid=one-time-password]");
        await Expect(shown).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^[a-z2-9]{5}(-[a-z2-9]{5}){3}$"));
        var oneTime = await shown.InputValueAsync();
        await admin.ClickAsync("[data-testid=one-time-password-done]");
        await Expect(admin.Locator("[data-testid=one-time-password-dialog]")).ToHaveCountAsync(0);

        var user = await browser.NewPageAsync();
        await new LoginPage(user).SignInAsync("forgot.password@example.com", oneTime);
        await user.WaitForURLAsync("**/account/password");
        await Expect(user.Locator("[data-testid=password-required]")).ToBeVisibleAsync();
        // Nothing else opens until the password is changed.
        await user.GotoAsync("/inbox");
        await user.WaitForURLAsync("**/account/password");

        await user.FillAsync("#current", oneTime);
        await user.FillAsync("#password", "my very own passphrase");
        await user.FillAsync("#confirm", "my very own passphrase");
        await user.ClickAsync("[data-testid=password-submit]");
        await Expect(user.Locator("[data-testid=password-changed]")).ToBeVisibleAsync();
        await user.GotoAsync("/inbox");
        await new AppShell(user).WaitInteractiveAsync();
        Assert.EndsWith("/inbox", user.Url);
    }

    [Fact]
    public async Task AUser_ChangesTheirOwnName()
    {
        await browser.App.CreateUserAsync("rename.myself@example.com", CommHub.Core.Users.Roles.Agent);
        var page = await browser.NewPageAsync();
        await new LoginPage(page).SignInAsync("rename.myself@example.com", "a long enough password");
        await page.WaitForURLAsync("**/inbox");
        await new AppShell(page).WaitInteractiveAsync();

        await page.ClickAsync("[data-testid=profile]");
        await page.WaitForURLAsync("**/account/profile");
        await Expect(page.Locator("#name")).ToHaveValueAsync("rename.myself");
        await page.FillAsync("#name", "");
        await page.ClickAsync("[data-testid=profile-submit]");
        await Expect(page.Locator(".validation-message")).ToHaveTextAsync("Enter your name.");

        await page.FillAsync("#name", "Rhea Renamed");
        await page.ClickAsync("[data-testid=profile-submit]");
        await Expect(page.Locator("[data-testid=profile-saved]")).ToBeVisibleAsync();
        await page.ReloadAsync();
        await Expect(page.Locator("#name")).ToHaveValueAsync("Rhea Renamed");
    }

    [Fact]
    public async Task TheNewUserDialog_ShowsNoErrorBeforeAnythingIsTyped_AndTheRightOneAfter()
    {
        var page = await browser.NewPageAsync();
        await new LoginPage(page).SignInAsync(CommHubFactory.AdminEmail, CommHubFactory.AdminPassword);
        await page.WaitForURLAsync("**/inbox");
        await new UsersPage(page).OpenAsync();

        await page.ClickAsync("[data-testid=new-user]");
        var dialog = page.Locator(".mud-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog.Locator("[data-testid=new-user-email] input, input[data-testid=new-user-email]")).ToBeFocusedAsync();
        await Expect(dialog.Locator(".mud-input-error")).ToHaveCountAsync(0);

        await dialog.Locator("[data-testid=create-user-submit]").ClickAsync();
        await Expect(dialog).ToContainTextAsync("Enter an email address.");
        await Expect(dialog).ToContainTextAsync("Enter a password.");
    }
}
