using System.Text.RegularExpressions;
using CommHub.Core.Analytics;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommHub.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class AnalyticsTests(BrowserFixture browser)
{
    [Fact]
    public async Task AManager_ChangesPeriodAndChannel_InTheUrl_SwitchesAChartToItsTable_AndDownloadsTheCsv()
    {
        var customer = await browser.App.RegisterCustomerAsync("analytics.customer@example.com");
        await browser.App.StartRequestAsync(customer, "Counted in analytics");
        await browser.App.Services.GetRequiredService<AnalyticsFolder>().FoldAsync();
        int portal;
        await using (var db = await browser.App.CreateDbAsync())
            portal = (await db.Channels.SingleAsync(c => c.Name == "Customer portal")).Id;

        var page = await browser.NewPageAsync();
        await new LoginPage(page).SignInAsync(CommHubFactory.AdminEmail, CommHubFactory.AdminPassword);
        await page.WaitForURLAsync("**/inbox");
        await new AppShell(page).WaitInteractiveAsync();
        await new AppShell(page).Nav("analytics").ClickAsync();
        await page.WaitForURLAsync("**/analytics");
        await new AppShell(page).WaitInteractiveAsync();
        await Expect(page.Locator("[data-testid=overview]")).ToBeVisibleAsync();

        await MudSelectPicker.ChooseAsync(page, "filter-period", "Today");
        await Expect(page).ToHaveURLAsync(new Regex(@"/analytics\?period=today$"));
        await MudSelectPicker.ChooseAsync(page, "filter-channel", "Customer portal");
        await Expect(page).ToHaveURLAsync(new Regex($@"/analytics\?period=today&channel={portal}$"));

        // The URL alone gives the same view: open it afresh.
        await page.ReloadAsync();
        await new AppShell(page).WaitInteractiveAsync();
        await Expect(page.Locator("[data-testid=filter-period]")).ToContainTextAsync("Today");
        await Expect(page.Locator("[data-testid=filter-channel]")).ToContainTextAsync("Customer portal");
        var opened = int.Parse(await page.Locator("[data-testid=card-opened] [data-testid=card-value]").InnerTextAsync());
        Assert.True(opened >= 1);

        var volume = page.Locator("[data-testid=chart-volume]");
        await volume.Locator("[data-testid=toggle-table]").ClickAsync();
        await Expect(volume.Locator("[data-testid=chart-table] tbody tr").First).ToContainTextAsync("Customer portal");

        var download = await page.RunAndWaitForDownloadAsync(() => volume.Locator("[data-testid=download-csv]").ClickAsync());
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("day,channel,in,out", lines[0]);
        Assert.Contains(lines.Skip(1), l => l.Contains(",Customer portal,", StringComparison.Ordinal));
        Assert.Equal(lines.Skip(1).Sum(l => int.Parse(l.Split(',')[2])),
            int.Parse(await page.Locator("[data-testid=card-in] [data-testid=card-value]").InnerTextAsync()));
    }

    [Fact]
    public async Task AtPhoneWidth_ThePageDoesNotScrollSideways()
    {
        var page = await browser.NewPageAsync(360, 740);
        await new LoginPage(page).SignInAsync(CommHubFactory.AdminEmail, CommHubFactory.AdminPassword);
        await page.WaitForURLAsync("**/inbox");
        await page.GotoAsync("/analytics?period=quarter");
        await new AppShell(page).WaitInteractiveAsync();
        await Expect(page.Locator("[data-testid=overview], [data-testid=analytics-empty]").First).ToBeVisibleAsync();

        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 360"));
    }
}
