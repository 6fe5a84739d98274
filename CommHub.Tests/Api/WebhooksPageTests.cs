using Bunit;
using CommHub.Core.Users;
using CommHub.Core.Webhooks;
using CommHub.Tests.Fakes;
using CommHub.Tests.TestSupport;
using CommHub.Web.Features.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Api;

/// <summary>The webhooks page over the real service of a running app (its database, its transport).</summary>
public sealed class WebhooksPageTests : ComponentTestBase, IClassFixture<WebhookFactory>
{
    private readonly WebhookFactory factory;

    public WebhooksPageTests(WebhookFactory factory)
    {
        this.factory = factory;
        Services.AddSingleton(factory.Services.GetRequiredService<WebhookService>());
        SignInAs("admin", Roles.Admin);
    }

    [Fact]
    public async Task ADisabledWebhook_ShowsItsBanner_AndTheTestEventAppearsInTheDeliveryLog()
    {
        await using var receiver = new WebhookReceiver();
        var webhooks = factory.Services.GetRequiredService<WebhookService>();
        var created = await webhooks.CreateAsync(new WebhookDraft(receiver.BaseUrl + "/page", "Page test", [WebhookEventTypes.MessageCreated], false), null);
        await using (var db = await factory.CreateDbAsync())
            await db.WebhookSubscriptions.Where(s => s.Id == created.Value!.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Enabled, false).SetProperty(x => x.DisabledReason, "Disabled: the receiver answered 410 Gone."));

        var page = Render<WebhooksPage>();
        page.WaitForAssertion(() => Assert.Contains("410 Gone", page.Find("[data-testid=webhook-disabled-banner]").TextContent));
        Assert.Contains(receiver.BaseUrl + "/page", page.Find("[data-testid=webhook-row-url]").TextContent);

        page.Find("[data-testid=webhook-test]").Click();
        page.WaitForAssertion(() => Assert.Contains("Waiting", page.Find("[data-testid=delivery-state]").TextContent));
        await webhooks.DeleteAsync(created.Value!.Id, null);
    }

    [Fact]
    public void ARefusedAddress_IsExplainedBesideTheForm()
    {
        var page = Render<WebhooksPage>();
        page.Find("[data-testid=webhook-save]").Click();
        page.WaitForAssertion(() => Assert.Equal("Enter the address to post to.", page.Find("[data-testid=webhook-error]").TextContent.Trim()));
    }
}
