using Bunit;
using CommHub.Core.Attachments;
using CommHub.Core.Conversations;
using CommHub.Core.Portal;
using CommHub.Core.Users;
using CommHub.Tests.TestSupport;
using CommHub.Web.Features.Portal;
using CommHub.Web.RateLimits;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CommHub.Tests.Web.RateLimits;

/// <summary>The portal chat page over the real app's services, with a burst of two messages and one more a minute.</summary>
public sealed class PortalSendLimitTests : ComponentTestBase, IClassFixture<LowRateLimitsFactory>
{
    private readonly LowRateLimitsFactory factory;

    public PortalSendLimitTests(LowRateLimitsFactory factory)
    {
        this.factory = factory;
        var app = factory.Services;
        Services.AddSingleton(app.GetRequiredService<PortalService>());
        Services.AddSingleton(app.GetRequiredService<ConversationNotifier>());
        Services.AddSingleton(app.GetRequiredService<TimeProvider>());
        Services.AddSingleton(app.GetRequiredService<MessageSendLimiter>());
        Services.AddSingleton(app.GetRequiredService<UploadLimiter>());
        Services.AddSingleton(app.GetRequiredService<AttachmentService>());
        Services.AddSingleton(app.GetRequiredService<IOptions<AttachmentOptions>>());
    }

    [Fact]
    public async Task SendingTooFast_IsRefusedWithAClearMessage_TheTextStays_AndNothingIsStored()
    {
        var customer = await factory.RegisterCustomerAsync("fast.typist@example.com", "Fast Typist");
        var conversationId = await factory.StartRequestAsync(customer);
        SignInAs(customer, Roles.Customer);
        var page = Render<PortalConversationPage>(p => p.Add(c => c.ConversationId, conversationId));
        page.WaitForElement("[data-testid=composer-input] textarea, textarea[data-testid=composer-input]", TimeSpan.FromSeconds(30));

        foreach (var text in new[] { "one", "two" })
        {
            await page.Find("textarea").InputAsync(new() { Value = text });
            await page.Find("[data-testid=composer-send]").ClickAsync(new());
            page.WaitForAssertion(() => Assert.Equal("", page.Find("textarea").GetAttribute("value") ?? ""), TimeSpan.FromSeconds(30));
        }
        await page.Find("textarea").InputAsync(new() { Value = "three, too soon" });
        await page.Find("[data-testid=composer-send]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains(MessageSendLimiter.TooFast, page.Markup), TimeSpan.FromSeconds(30));
        Assert.Equal("three, too soon", page.Find("textarea").GetAttribute("value"));
        await using var db = await factory.CreateDbAsync();
        Assert.Equal(["Something is broken", "one", "two"],
            await db.Messages.Where(m => m.ConversationId == conversationId).OrderBy(m => m.Id).Select(m => m.Text).ToListAsync());
    }

    [Fact]
    public async Task StartingRequestsTooFast_IsRefusedWithTheSameMessage_AndNoRequestIsMade()
    {
        var customer = await factory.RegisterCustomerAsync("many.requests@example.com", "Many Requests");
        SignInAs(customer, Roles.Customer);
        var page = Render<PortalHome>();
        await page.WaitForElement("[data-testid=new-request]", TimeSpan.FromSeconds(30)).ClickAsync(new());

        foreach (var text in new[] { "first", "second", "third, too soon" })
        {
            await page.Find("input[data-testid=request-subject], [data-testid=request-subject] input").ChangeAsync(new() { Value = "Help with " + text });
            await page.Find("textarea").InputAsync(new() { Value = text });
            await page.Find("[data-testid=composer-send]").ClickAsync(new());
        }

        page.WaitForAssertion(() => Assert.Contains(MessageSendLimiter.TooFast, page.Markup), TimeSpan.FromSeconds(30));
        Assert.Equal("third, too soon", page.Find("textarea").GetAttribute("value"));
        Assert.Equal(["Help with second", "Help with first"],
            (await factory.Services.GetRequiredService<PortalService>().ListAsync(customer)).Select(c => c.Subject).ToList());
    }
}
