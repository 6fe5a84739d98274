using CommHub.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace CommHub.Tests.EndToEnd;

/// <summary>Every staff page at a small phone's width: nothing is wider than the screen (no sideways scrolling).</summary>
[Collection(BrowserCollection.Name)]
public sealed class PhoneWidthTests(BrowserFixture browser)
{
    [Fact]
    public async Task EveryStaffPage_FitsA360PixelScreen()
    {
        var customerId = await browser.App.RegisterCustomerAsync("phone.width@example.com", "Pat Phone");
        var id = await browser.App.StartRequestAsync(customerId, "A subject long enough to need wrapping on a small phone screen", "hello");
        // A channel in error, with a long message: the widest row /channels shows.
        await using (var db = await browser.App.CreateDbAsync())
        {
            db.Channels.Add(new CommHub.Core.Channels.Channel
            {
                Kind = CommHub.Core.Channels.ChannelKind.Telegram, Name = "@a_bot_with_a_rather_long_username_bot", Enabled = true,
                Status = CommHub.Core.Channels.ChannelStatus.Error, LastErrorAt = DateTime.UtcNow,
                LastError = "Telegram answered 409: Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
            });
            await db.SaveChangesAsync();
        }
        var page = await browser.NewPageAsync(width: 360, height: 740);
        await new LoginPage(page).SignInAsync(CommHubFactory.AdminEmail, CommHubFactory.AdminPassword);
        await page.WaitForURLAsync("**/inbox");

        var tooWide = new List<string>();
        foreach (var path in new[] { "/inbox", $"/inbox/{id}", "/templates", "/analytics", "/admin/users", "/channels", "/rules", "/admin/audit" })
        {
            await page.GotoAsync(path);
            await new AppShell(page).WaitInteractiveAsync();
            await Expect(page.Locator("[data-testid=page-error]")).ToHaveCountAsync(0);
            await Expect(page.Locator(".mud-progress-linear")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            if (overflow > 0) tooWide.Add($"{path} is {overflow} px too wide");
        }

        Assert.Empty(tooWide);
    }
}
