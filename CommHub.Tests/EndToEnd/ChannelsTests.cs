using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using static Microsoft.Playwright.Assertions;

namespace CommHub.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class ChannelsTests(BrowserFixture browser)
{
    [Fact]
    public async Task AnAdmin_SetsAChannelsBusinessHours()
    {
        var customer = await browser.App.RegisterCustomerAsync("hours.customer@example.com");
        await browser.App.StartRequestAsync(customer, "Makes the portal channel");
        var page = await browser.NewPageAsync();
        await new LoginPage(page).SignInAsync(CommHubFactory.AdminEmail, CommHubFactory.AdminPassword);
        await page.WaitForURLAsync("**/inbox");
        await page.GotoAsync("/channels");
        await new AppShell(page).WaitInteractiveAsync();

        var row = page.Locator("tr", new() { Has = page.Locator("[data-testid=channel-name]", new() { HasTextString = "Customer portal" }) });
        await row.Locator("[data-testid=business-hours]").ClickAsync();
        await Expect(page.Locator("[data-testid=business-hours-dialog]")).ToBeVisibleAsync();
        await page.Locator("[data-testid=bh-holidays] input, input[data-testid=bh-holidays]").FillAsync("2026-12-25, not-a-date");
        await page.ClickAsync("[data-testid=bh-save]");
        await Expect(page.Locator("[data-testid=bh-error]")).ToHaveTextAsync("'not-a-date' is not a date like 2026-12-25.");
        await page.Locator("[data-testid=bh-holidays] input, input[data-testid=bh-holidays]").FillAsync("2026-12-25");
        await page.ClickAsync("[data-testid=bh-save]");
        await Expect(page.Locator("[data-testid=business-hours-dialog]")).ToBeHiddenAsync();

        await using var db = await browser.App.CreateDbAsync();
        var hours = (await db.Channels.SingleAsync(c => c.Name == "Customer portal")).BusinessHours;
        Assert.NotNull(hours);
        Assert.Equal(5, hours.Slots.Count);
        Assert.Equal([new DateOnly(2026, 12, 25)], hours.Holidays);
    }
}
