using CommHub.Core.Users;
using CommHub.Tests.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommHub.Tests.EndToEnd;

/// <summary>The page policy (script-src 'self' plus the import map's nonce) leaves Blazor and MudBlazor working.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ContentSecurityPolicyTests(BrowserFixture browser)
{
    /// <summary>Every violation Chromium reports, from the console and from the page's own violation events.</summary>
    private static async Task<List<string>> WatchAsync(IPage page)
    {
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) lock (violations) violations.Add(message.Text);
        };
        await page.Context.AddInitScriptAsync(
            "document.addEventListener('securitypolicyviolation', e => console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI))");
        return violations;
    }

    [Fact]
    public async Task StaffPages_RunInteractively_WithoutAViolation()
    {
        var page = await browser.NewPageAsync();
        var violations = await WatchAsync(page);
        var shell = new AppShell(page);

        await new LoginPage(page).SignInAsync(CommHubFactory.AdminEmail, CommHubFactory.AdminPassword);
        await page.WaitForURLAsync("**/inbox");
        await shell.WaitInteractiveAsync();
        foreach (var (nav, heading) in new[] { ("templates", "Templates"), ("rules", "Auto-response rules"), ("channels", "Channels"), ("admin-users", "Users") })
        {
            await shell.Nav(nav).ClickAsync();
            await Expect(page.Locator("h1")).ToContainTextAsync(heading);
        }
        // A live interaction over the circuit, and a dialog (MudBlazor's popovers and inline styles).
        await shell.ToggleDarkModeAsync();
        await Expect(page.Locator("[data-testid=dark-mode-toggle]")).ToBeVisibleAsync();
        await page.ClickAsync("[data-testid=new-user]");
        await Expect(page.Locator(".mud-dialog")).ToBeVisibleAsync();

        Assert.Empty(violations);
    }

    [Fact]
    public async Task ThePortal_RunsInteractively_WithoutAViolation()
    {
        var page = await browser.NewPageAsync();
        var violations = await WatchAsync(page);
        var portal = new PortalPage(page);

        await portal.RegisterAsync("Petra Policy", "petra.policy@example.com", "petra's long password");
        await portal.StartRequestAsync("Policy check", "Does the chat still work?");
        await Expect(page.Locator("[data-testid=message-text]", new() { HasTextString = "Does the chat still work?" })).ToBeVisibleAsync();

        Assert.Empty(violations);
    }
}
