using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommHub.Tests.EndToEnd;

public sealed class LoginPage(IPage page)
{
    public async Task SignInAsync(string email, string password)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("[data-testid=login-submit]");
    }

    public ILocator Error => page.Locator("[data-testid=login-error]");
}

/// <summary>The layout every signed-in page shares: navigation, sign-out, dark mode.</summary>
public sealed class AppShell(IPage page)
{
    public ILocator Nav(string id) => page.Locator($"[data-testid=nav-{id}]");

    /// <summary>Waits until the circuit is live, so clicks reach the server.</summary>
    public async Task WaitInteractiveAsync() =>
        await Expect(page.Locator("[data-interactive=true]")).ToBeVisibleAsync();

    public async Task SignOutAsync()
    {
        await WaitInteractiveAsync();
        await page.ClickAsync("[data-testid=sign-out]");
        await page.WaitForURLAsync("**/account/login**");
    }

    public async Task ToggleDarkModeAsync()
    {
        await WaitInteractiveAsync();
        await page.ClickAsync("[data-testid=dark-mode-toggle]");
    }

    public Task<string> BackgroundColorAsync() =>
        page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
}

public sealed class UsersPage(IPage page)
{
    public async Task OpenAsync()
    {
        await page.GotoAsync("/admin/users");
        await new AppShell(page).WaitInteractiveAsync();
    }

    public async Task CreateAsync(string email, string name, string password)
    {
        await page.ClickAsync("[data-testid=new-user]");
        var dialog = page.Locator(".mud-dialog");
        await dialog.Locator("[data-testid=new-user-email] input, input[data-testid=new-user-email]").FillAsync(email);
        await dialog.Locator("[data-testid=new-user-name] input, input[data-testid=new-user-name]").FillAsync(name);
        await dialog.Locator("[data-testid=new-user-password] input, input[data-testid=new-user-password]").FillAsync(password);
        await dialog.Locator("[data-testid=create-user-submit]").ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
    }

    public ILocator Row(string email) => page.Locator("tr", new() { Has = page.Locator($"td[data-testid=user-email]:text-is('{email}')") });
}

/// <summary>A MudSelect by its data-testid: open it, click the option, wait for the list to close.</summary>
public static class MudSelectPicker
{
    public static async Task ChooseAsync(IPage page, string select, string option)
    {
        await page.ClickAsync($"[data-testid={select}]");
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = option }).First.ClickAsync();
        await Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }
}
