using CommHub.Core.Templates;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommHub.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class RulesAndTemplatesTests(BrowserFixture browser)
{
    [Fact]
    public async Task Admin_MakesAKeywordRuleWithATemplateReply_TriesIt_AndTheCustomerGetsTheReplyLive()
    {
        var admin = await browser.NewPageAsync();
        await new LoginPage(admin).SignInAsync(CommHubFactory.AdminEmail, CommHubFactory.AdminPassword);
        await admin.WaitForURLAsync("**/inbox");

        var templates = new TemplatesPage(admin);
        await templates.OpenAsync();
        await templates.CreateAsync("Warranty answer", "warranty", "Hi {{ contact.name | default: \"there\" }}, warranty claims take two days.");
        await Expect(templates.Row("warranty")).ToBeVisibleAsync();

        var rules = new RulesPage(admin);
        await rules.OpenAsync();
        await rules.CreateKeywordRuleAsync("Warranty auto-reply", "Any customer message", "warranty", "Warranty answer");
        await Expect(rules.Row("Warranty auto-reply")).ToBeVisibleAsync();

        await rules.TestAsync("Is my warranty still valid?", "Any customer message");
        await Expect(rules.MatchedResult).ToContainTextAsync("Warranty auto-reply");
        await Expect(rules.MatchedResult).ToContainTextAsync("Reply with template \"Warranty answer\"");
        await rules.TestAsync("Just saying hello", "Any customer message");
        await Expect(rules.MatchedResult).ToHaveCountAsync(0);

        var customer = await browser.NewPageAsync();
        var portal = new PortalPage(customer);
        await portal.RegisterAsync("Wanda Warranty", "wanda@example.com", "wanda's long password");
        await portal.StartRequestAsync("Broken kettle", "It stopped heating.");
        await Expect(customer.Locator("[data-testid=message]")).ToHaveCountAsync(1);

        await portal.TypeAsync("Is this covered by the warranty?");
        await customer.Locator("[data-testid=composer-send]").ClickAsync();

        // The rule's reply arrives live; on a busy machine that can take longer than the default five seconds.
        await Expect(customer.Locator("[data-testid=message-text]", new() { HasTextString = "Hi Wanda Warranty, warranty claims take two days." }))
            .ToBeVisibleAsync(new() { Timeout = 15_000 });
        await rules.OpenAsync();
        await Expect(rules.Row("Warranty auto-reply").Locator("[data-testid=rule-row-hits]")).ToHaveTextAsync("1");
    }

    [Fact]
    public async Task Agent_InsertsATemplateWithSlash_AndItsVariablesRender()
    {
        string adminId, adminName;
        await using (var db = await browser.App.CreateDbAsync())
        {
            var user = await db.Users.SingleAsync(u => u.Email == CommHubFactory.AdminEmail);
            (adminId, adminName) = (user.Id, user.DisplayName);
        }
        var saved = await browser.App.Services.GetRequiredService<TemplateService>().SaveAsync(adminId, isAdmin: true,
            new TemplateDraft(0, "Greeting", "greetme", "General", "Hello {{ contact.name }}, {{ agent.name }} here about #{{ conversation.id }}.", Shared: true, []));
        Assert.True(saved.Succeeded, saved.ErrorText);
        var customerId = await browser.App.RegisterCustomerAsync("slash@example.com", "Sasha Slash");
        var id = await browser.App.StartRequestAsync(customerId, "Slash templates", "hi");

        var agent = await browser.NewPageAsync();
        await new LoginPage(agent).SignInAsync(CommHubFactory.AdminEmail, CommHubFactory.AdminPassword);
        await agent.WaitForURLAsync("**/inbox");
        await agent.GotoAsync($"/inbox/{id}");
        await new AppShell(agent).WaitInteractiveAsync();

        var input = agent.Locator("[data-testid=composer-input] textarea, textarea[data-testid=composer-input]");
        await input.PressSequentiallyAsync("/greet");
        var choice = agent.Locator("[data-testid=template-choice]", new() { HasTextString = "/greetme" });
        await choice.ClickAsync();

        await Expect(input).ToHaveValueAsync($"Hello Sasha Slash, {adminName} here about #{id}.");
        await input.PressAsync("Control+Enter");
        await Expect(agent.Locator("[data-testid=message-text]", new() { HasTextString = "Hello Sasha Slash" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task TheSlashPicker_IsUsedWithTheKeyboard_AndALabelIsAddedOnTheFirstEnter()
    {
        string adminId;
        await using (var db = await browser.App.CreateDbAsync())
            adminId = (await db.Users.SingleAsync(u => u.Email == CommHubFactory.AdminEmail)).Id;
        var templates = browser.App.Services.GetRequiredService<TemplateService>();
        // The picker lists the most used first, then by shortcut: "keysa" before "keysb".
        Assert.True((await templates.SaveAsync(adminId, isAdmin: true, new TemplateDraft(0, "Keys A", "keysa", null, "First template", Shared: true, []))).Succeeded);
        Assert.True((await templates.SaveAsync(adminId, isAdmin: true, new TemplateDraft(0, "Keys B", "keysb", null, "Second template", Shared: true, []))).Succeeded);
        var customerId = await browser.App.RegisterCustomerAsync("picker.keys@example.com", "Kai Keys");
        var id = await browser.App.StartRequestAsync(customerId, "Keyboard picking", "hi");
        var agent = await browser.NewPageAsync();
        await new LoginPage(agent).SignInAsync(CommHubFactory.AdminEmail, CommHubFactory.AdminPassword);
        await agent.WaitForURLAsync("**/inbox");
        await agent.GotoAsync($"/inbox/{id}");
        await new AppShell(agent).WaitInteractiveAsync();

        var input = agent.Locator("[data-testid=composer-input] textarea, textarea[data-testid=composer-input]");
        await input.PressSequentiallyAsync("/keys");
        await Expect(agent.Locator("[data-testid=template-choice]")).ToHaveCountAsync(2);
        await Expect(agent.Locator("[data-testid=template-choice]").First).ToHaveAttributeAsync("aria-selected", "true");
        await input.PressAsync("ArrowDown");
        await Expect(agent.Locator("[data-testid=template-choice]").Nth(1)).ToHaveAttributeAsync("aria-selected", "true");
        await input.PressAsync("ArrowDown");
        await Expect(agent.Locator("[data-testid=template-choice]").First).ToHaveAttributeAsync("aria-selected", "true");
        await input.PressAsync("ArrowUp");
        await input.PressAsync("Enter");
        await Expect(input).ToHaveValueAsync("Second template");

        var label = agent.Locator("[data-testid=add-label] input, input[data-testid=add-label]");
        await label.PressSequentiallyAsync("keyboard");
        await label.PressAsync("Enter");
        await Expect(agent.Locator("[data-testid=thread-label]")).ToHaveTextAsync("#keyboard");
        await Expect(label).ToHaveValueAsync("");
    }
}

public sealed class TemplatesPage(IPage page)
{
    public async Task OpenAsync()
    {
        await page.GotoAsync("/templates");
        await new AppShell(page).WaitInteractiveAsync();
    }

    public async Task CreateAsync(string name, string shortcut, string body)
    {
        await page.ClickAsync("[data-testid=new-template]");
        var dialog = page.Locator(".mud-dialog");
        await dialog.Locator("[data-testid=template-name] input, input[data-testid=template-name]").FillAsync(name);
        await dialog.Locator("[data-testid=template-shortcut-input] input, input[data-testid=template-shortcut-input]").FillAsync(shortcut);
        await dialog.Locator("[data-testid=template-body] textarea, textarea[data-testid=template-body]").FillAsync(body);
        await Expect(dialog.Locator("[data-testid=template-preview]")).ToContainTextAsync("Sam Sample");
        await dialog.Locator("[data-testid=template-save]").ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
    }

    public ILocator Row(string shortcut) => page.Locator("tr", new() { Has = page.Locator($"td[data-testid=template-shortcut]:text-is('/{shortcut}')") });
}

public sealed class RulesPage(IPage page)
{
    public async Task OpenAsync()
    {
        await page.GotoAsync("/rules");
        await new AppShell(page).WaitInteractiveAsync();
    }

    public async Task CreateKeywordRuleAsync(string name, string trigger, string keyword, string template)
    {
        await page.ClickAsync("[data-testid=new-rule]");
        var dialog = page.Locator(".mud-dialog");
        await dialog.Locator("[data-testid=rule-name] input, input[data-testid=rule-name]").FillAsync(name);
        await ChooseAsync(dialog.Locator("[data-testid=rule-trigger]"), trigger);
        await dialog.Locator("[data-testid=add-condition]").ClickAsync();
        await dialog.Locator("[data-testid=condition-keywords] input, input[data-testid=condition-keywords]").FillAsync(keyword);
        await ChooseAsync(dialog.Locator("[data-testid=action-template]"), template);
        await dialog.Locator("[data-testid=rule-save]").ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
    }

    public ILocator Row(string name) => page.Locator("tr", new() { Has = page.Locator($"td[data-testid=rule-row-name]:text-is('{name}')") });

    public async Task TestAsync(string text, string trigger)
    {
        await ChooseAsync(page.Locator("[data-testid=tester-trigger]"), trigger);
        await page.Locator("[data-testid=tester-text] textarea, textarea[data-testid=tester-text]").FillAsync(text);
        await page.ClickAsync("[data-testid=tester-run]");
        await Expect(page.Locator("[data-testid=tester-result]").First).ToBeVisibleAsync();
    }

    public ILocator MatchedResult => page.Locator("[data-testid=tester-result][data-matched=true]");

    private async Task ChooseAsync(ILocator select, string option)
    {
        await select.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = option }).First.ClickAsync();
        await Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }
}
