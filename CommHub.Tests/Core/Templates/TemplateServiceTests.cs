using CommHub.Core.Templates;
using CommHub.Core.Users;
using CommHub.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Core.Templates;

public sealed class TemplateServiceTests(CommHubFactory factory) : IClassFixture<CommHubFactory>
{
    private TemplateService Templates => factory.Services.GetRequiredService<TemplateService>();

    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..6];

    [Fact]
    public async Task Save_RefusesBadInput_WithSentencesToActOn()
    {
        var agent = await factory.CreateUserAsync($"{Unique("tpl")}@example.com", Roles.Agent);

        var result = await Templates.SaveAsync(agent.Id, isAdmin: false, new TemplateDraft(0, "", "has space", null, "Hi {{ contact.phone }}", Shared: true, []));

        Assert.Equal(
            [
                "Give the template a name.",
                "The shortcut is 1 to 64 letters, digits, '-' or '_', with no spaces (it is typed after '/').",
                "Unknown variable {{ contact.phone }} (line 1, column 7). Use contact.name, agent.name, conversation.id, channel.name.",
                "Only admins can make shared templates; save it as your own.",
            ],
            result.Errors);
    }

    [Fact]
    public async Task AgentsSeeSharedAndTheirOwn_NotOthers_AndCanEditOnlyTheirOwn()
    {
        var admin = await factory.CreateUserAsync($"{Unique("tpladmin")}@example.com", Roles.Admin);
        var ana = await factory.CreateUserAsync($"{Unique("ana")}@example.com", Roles.Agent);
        var ben = await factory.CreateUserAsync($"{Unique("ben")}@example.com", Roles.Agent);
        var shared = await Templates.SaveAsync(admin.Id, true, new TemplateDraft(0, "Greeting", Unique("hi"), "General", "Hello!", true, []));
        var anas = await Templates.SaveAsync(ana.Id, false, new TemplateDraft(0, "Ana's", Unique("ana"), null, "Ana here.", false, []));

        var seenByBen = await Templates.ListAsync(ben.Id, isAdmin: false);

        Assert.Contains(seenByBen, t => t.Id == shared.Value && t.IsShared && !t.CanEdit);
        Assert.DoesNotContain(seenByBen, t => t.Id == anas.Value);
        Assert.Equal("You can only delete your own templates; admins delete shared ones.", (await Templates.DeleteAsync(ben.Id, false, shared.Value)).ErrorText);
        Assert.True((await Templates.DeleteAsync(ana.Id, false, anas.Value)).Succeeded);
    }

    [Fact]
    public async Task Insert_RendersForTheConversation_CountsTheUse_AndTheListSortsByUsage()
    {
        var agent = await factory.CreateUserAsync($"{Unique("ins")}@example.com", Roles.Agent);
        var customer = await factory.RegisterCustomerAsync($"{Unique("cust")}@example.com", "Carla");
        var conversation = await factory.StartRequestAsync(customer);
        var rare = await Templates.SaveAsync(agent.Id, false, new TemplateDraft(0, "Rare", Unique("rare"), null, "Rarely used", false, []));
        var often = await Templates.SaveAsync(agent.Id, false, new TemplateDraft(0, "Often", Unique("often"), null, "Hi {{ contact.name }}, {{ agent.name }} here (#{{ conversation.id }}).", false, []));

        var text = await Templates.RenderForConversationAsync(often.Value, conversation, agent.Id);

        Assert.Equal($"Hi Carla, {agent.DisplayName} here (#{conversation}).", text.Value);
        var mine = (await Templates.ListAsync(agent.Id, false)).Where(t => !t.IsShared).ToList();
        Assert.Equal([often.Value, rare.Value], mine.Select(t => t.Id));
        Assert.Equal(1, mine[0].UsageCount);
        Assert.NotNull(mine[0].LastUsedAt);
        var choices = await Templates.ChoicesAsync(agent.Id, conversation, "oft");
        Assert.Equal([often.Value], choices.Select(c => c.Id));
    }

    [Fact]
    public async Task ChannelAvailability_LimitsWhereATemplateIsOffered()
    {
        var agent = await factory.CreateUserAsync($"{Unique("chan")}@example.com", Roles.Agent);
        var customer = await factory.RegisterCustomerAsync($"{Unique("chancust")}@example.com");
        var conversation = await factory.StartRequestAsync(customer);
        int otherChannel;
        await using (var db = await factory.CreateDbAsync())
        {
            var channel = new CommHub.Core.Channels.Channel { Kind = CommHub.Core.Channels.ChannelKind.Telegram, Name = Unique("tg") };
            db.Channels.Add(channel);
            await db.SaveChangesAsync();
            otherChannel = channel.Id;
        }
        var elsewhere = await Templates.SaveAsync(agent.Id, false, new TemplateDraft(0, "Telegram only", Unique("tg"), null, "Hi", false, [otherChannel]));

        var offered = await Templates.ChoicesAsync(agent.Id, conversation, null);

        Assert.DoesNotContain(offered, c => c.Id == elsewhere.Value);
    }

    [Fact]
    public async Task Preview_RendersAgainstASample_AndShowsSyntaxErrorsWithTheirPosition()
    {
        var agent = await factory.CreateUserAsync($"{Unique("prev")}@example.com", Roles.Agent);

        Assert.Equal("Hi Sam Sample", (await Templates.PreviewAsync("Hi {{ contact.name }}", agent.Id, null)).Text);
        Assert.Contains("syntax error", (await Templates.PreviewAsync("Hi {{ contact.name", agent.Id, null)).Error);
        Assert.Contains("(line 1, column 19)", (await Templates.PreviewAsync("Hi {{ contact.name", agent.Id, null)).Error);
    }
}
