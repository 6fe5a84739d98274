using System.Net;
using System.Net.Http.Headers;
using CommHub.Tests.Api;
using CommHub.Tests.Fakes;
using CommHub.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommHub.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class ApiTokensAndWebhooksTests(BrowserFixture browser)
{
    [Fact]
    public async Task AnAdmin_MakesATokenOnTheProfile_AndTheApiAnswersIt()
    {
        var page = await SignedInAdminAsync();
        await page.GotoAsync("/account/profile");
        await page.ClickAsync("[data-testid=profile-tokens]");
        await page.WaitForURLAsync("**/account/tokens");
        await page.FillAsync("[data-testid=token-name]", "Browser-made");
        await page.SelectOptionAsync("[data-testid=token-scope]", "Write");
        await page.ClickAsync("[data-testid=token-submit]");
        var secret = await page.Locator("[data-testid=token-secret]").InputValueAsync();
        Assert.StartsWith("chp_", secret, StringComparison.Ordinal);
        await Expect(page.Locator("[data-testid=token-row]").Filter(new() { HasTextString = "Browser-made" })).ToContainTextAsync("write");

        using var http = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/conversations")).StatusCode);
    }

    [Fact]
    public async Task AnAdmin_AddsAWebhook_AndItsTestEventArrivesSigned_ThroughTheJob()
    {
        await using var receiver = new WebhookReceiver();
        var page = await SignedInAdminAsync();
        await page.GotoAsync("/admin/webhooks");
        await new AppShell(page).WaitInteractiveAsync();

        var url = page.Locator("[data-testid=webhook-url] input, input[data-testid=webhook-url]");
        await url.FillAsync("ftp://nowhere.example/hook");
        await page.ClickAsync("[data-testid=webhook-save]");
        await Expect(page.Locator("[data-testid=webhook-error]")).ToContainTextAsync("http:// or https://");

        await url.FillAsync(receiver.BaseUrl + "/e2e");
        await page.ClickAsync("[data-testid=webhook-save]");
        var secret = (await page.Locator("[data-testid=webhook-secret-value]").TextContentAsync(new() { Timeout = 15_000 }))!.Trim();
        var row = page.Locator("tr", new() { Has = page.Locator("[data-testid=webhook-row-url]", new() { HasTextString = receiver.BaseUrl + "/e2e" }) });
        await row.Locator("[data-testid=webhook-test]").ClickAsync();

        // Nothing here runs the dispatcher: the commit wakes the webhooks job, as in production.
        var until = DateTime.UtcNow.AddSeconds(30);
        while (receiver.At("/e2e").Count == 0)
        {
            Assert.True(DateTime.UtcNow < until, "the test event did not arrive within 30 s");
            await Task.Delay(100);
        }
        var request = receiver.At("/e2e")[0];
        Assert.True(StandardWebhooks.Verify(secret, request.Headers["webhook-id"], request.Headers["webhook-timestamp"], request.Headers["webhook-signature"], request.Body));

        // The answer is recorded just after it arrives; the log shows what is recorded when it is opened.
        var webhooks = browser.App.Services.GetRequiredService<CommHub.Core.Webhooks.WebhookService>();
        var hook = (await webhooks.ListAsync()).Single(h => h.Url == receiver.BaseUrl + "/e2e").Id;
        while ((await webhooks.DeliveriesAsync(hook)).Any(d => d.State != CommHub.Core.Webhooks.WebhookDeliveryState.Delivered))
        {
            Assert.True(DateTime.UtcNow < until, "the delivery was not recorded within 30 s");
            await Task.Delay(100);
        }
        await row.Locator("[data-testid=webhook-log]").ClickAsync();
        await Expect(page.Locator("[data-testid=delivery-state]").First).ToContainTextAsync("Delivered", new() { Timeout = 15_000 });
    }

    private async Task<IPage> SignedInAdminAsync()
    {
        var page = await browser.NewPageAsync();
        await new LoginPage(page).SignInAsync(CommHubFactory.AdminEmail, CommHubFactory.AdminPassword);
        await page.WaitForURLAsync("**/inbox");
        return page;
    }
}
