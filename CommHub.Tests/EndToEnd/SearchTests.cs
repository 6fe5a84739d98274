using CommHub.Core.Conversations;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommHub.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class SearchTests(BrowserFixture browser)
{
    [Fact]
    public async Task Agent_SearchesWithCtrlK_Filters_AndJumpsToTheMessageDeepInTheThread()
    {
        var (conversationId, messageId) = await SeedAsync("whistles", "kettle.search@example.com");
        var agent = await browser.NewPageAsync();
        await new LoginPage(agent).SignInAsync(CommHubFactory.AdminEmail, CommHubFactory.AdminPassword);
        await agent.WaitForURLAsync("**/inbox");
        await new AppShell(agent).WaitInteractiveAsync();

        await agent.Keyboard.PressAsync("Control+k");
        var input = agent.Locator("[data-testid=search-input]");
        await Expect(input).ToBeFocusedAsync();
        await input.PressSequentiallyAsync("whistles");
        await input.PressAsync("Enter");

        await agent.WaitForURLAsync("**/search?q=whistles");
        var results = agent.Locator("[data-testid=search-message]");
        await Expect(results).ToHaveCountAsync(2);
        await Expect(results.Locator("mark").First).ToHaveTextAsync("whistles");
        await Expect(agent.Locator("[data-testid=search-messages]")).ToContainTextAsync("Kettle trouble");

        await MudSelectPicker.ChooseAsync(agent, "search-filter-kind", "Private notes");
        await Expect(results).ToHaveCountAsync(1);
        await Expect(results).ToContainTextAsync("the customer says it whistles too");
        await MudSelectPicker.ChooseAsync(agent, "search-filter-kind", "Customer messages");
        await Expect(results).ToHaveCountAsync(1);
        await Expect(results).ToContainTextAsync("The kettle whistles all night long");

        await results.ClickAsync();
        await agent.WaitForURLAsync($"**/inbox/{conversationId}?message={messageId}");
        var found = agent.Locator($"[data-message-id='{messageId}'].message-found");
        await Expect(found).ToBeVisibleAsync();
        await Expect(found).ToBeInViewportAsync();
    }

    [Fact]
    public async Task SearchPage_FitsAPhone()
    {
        await SeedAsync("clatters", "clatter.search@example.com");
        var phone = await browser.NewPageAsync(width: 360, height: 740);
        await new LoginPage(phone).SignInAsync(CommHubFactory.AdminEmail, CommHubFactory.AdminPassword);
        await phone.WaitForURLAsync("**/inbox");
        await phone.GotoAsync("/search?q=clatters");
        await new AppShell(phone).WaitInteractiveAsync();

        await Expect(phone.Locator("[data-testid=search-message]")).ToHaveCountAsync(2);
        Assert.True(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 360"));
    }

    [Fact]
    public async Task Customer_SearchesTheirOwnRequests_WithoutPrivateNotes()
    {
        var (conversationId, messageId) = await SeedAsync("rattles", "rattle.search@example.com");
        var customer = await browser.NewPageAsync();
        await new LoginPage(customer).SignInAsync("rattle.search@example.com", ConversationSeed.CustomerPassword);
        await customer.WaitForURLAsync("**/portal");
        await new AppShell(customer).WaitInteractiveAsync();

        var input = customer.Locator("[data-testid=search-input]");
        await input.FillAsync("rattles");
        await input.PressAsync("Enter");

        await customer.WaitForURLAsync("**/portal/search?q=rattles");
        var results = customer.Locator("[data-testid=search-message]");
        await Expect(results).ToHaveCountAsync(1);
        await Expect(customer.Locator("body")).Not.ToContainTextAsync("the customer says it rattles too");
        await results.ClickAsync();
        await customer.WaitForURLAsync($"**/portal/{conversationId}?message={messageId}");
        await Expect(customer.Locator($"[data-message-id='{messageId}'].message-found")).ToBeInViewportAsync();
    }

    /// <summary>A request whose first message has the word, thirty replies after it, and a private note with the word.</summary>
    private async Task<(int ConversationId, int MessageId)> SeedAsync(string word, string email)
    {
        var customerId = await browser.App.RegisterCustomerAsync(email, "Kit Kettle");
        var id = await browser.App.StartRequestAsync(customerId, "Kettle trouble", $"The kettle {word} all night long");
        var conversations = browser.App.Services.GetRequiredService<ConversationService>();
        await using var db = await browser.App.CreateDbAsync();
        var adminId = await db.Users.Where(u => u.Email == CommHubFactory.AdminEmail).Select(u => u.Id).SingleAsync();
        for (var i = 0; i < 30; i++) Assert.True((await conversations.ReplyAsync(id, adminId, $"Reply number {i} about something else")).Succeeded);
        Assert.True((await conversations.ReplyAsync(id, adminId, $"Note: the customer says it {word} too", privateNote: true)).Succeeded);
        var messageId = await db.Messages.Where(m => m.ConversationId == id).OrderBy(m => m.Id).Select(m => m.Id).FirstAsync();
        return (id, messageId);
    }
}
