using CommHub.Tests.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommHub.Tests.EndToEnd;

/// <summary>Users looking after their own account, and the admin's account tools.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SelfServiceTests(BrowserFixture browser)
{
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
