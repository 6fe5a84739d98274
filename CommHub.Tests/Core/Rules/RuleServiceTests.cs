using CommHub.Core.Conversations;
using CommHub.Core.Portal;
using CommHub.Core.Rules;
using CommHub.Core.Templates;
using CommHub.Core.Users;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Core.Rules;

/// <summary>Saving, testing and counting rules, and rules on real portal traffic. Tests in a class run one at a time.</summary>
public sealed class RuleServiceTests(CommHubFactory factory) : RuleServiceTestsBase<CommHubFactory>(factory);

public sealed class RuleServiceTestsOnPostgres(PostgresFactory factory) : RuleServiceTestsBase<PostgresFactory>(factory);

public abstract class RuleServiceTestsBase<TFactory>(TFactory factory) : IClassFixture<TFactory>, IAsyncLifetime where TFactory : CommHubFactory
{
    private RuleService Rules => factory.Services.GetRequiredService<RuleService>();

    public async Task InitializeAsync()
    {
        await using var db = await factory.CreateDbAsync();
        await db.Rules.ExecuteDeleteAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<int> SharedTemplateAsync(string body)
    {
        var admin = await factory.CreateUserAsync($"tpl.admin.{Guid.NewGuid():N}@example.com", Roles.Admin);
        var saved = await factory.Services.GetRequiredService<TemplateService>()
            .SaveAsync(admin.Id, isAdmin: true, new TemplateDraft(0, "Refunds", "refund" + Guid.NewGuid().ToString("N")[..6], "Billing", body, Shared: true, []));
        Assert.True(saved.Succeeded, saved.ErrorText);
        return saved.Value;
    }

    private static RuleDraft KeywordRule(int templateId, params string[] keywords) => new(
        0, "Refund auto-reply", Enabled: true, Order: 1, StopAfterMatch: false, RuleTrigger.NewConversation, IdleMinutes: null, RuleMatchMode.All,
        [new RuleCondition { Kind = RuleConditionKind.TextContains, Keywords = keywords, WholeWord = true }],
        [new RuleAction { Kind = RuleActionKind.ReplyWithTemplate, TemplateId = templateId }],
        CooldownMinutes: 60);

    [Fact]
    public async Task Save_RejectsAnInvalidPattern_AndOtherMistakes_WithSentencesToActOn()
    {
        var draft = new RuleDraft(
            0, " ", true, 0, false, RuleTrigger.ConversationIdle, null, RuleMatchMode.Any,
            [new RuleCondition { Kind = RuleConditionKind.TextMatchesRegex, Pattern = "(unclosed" }, new RuleCondition { Kind = RuleConditionKind.TextContains }],
            [], 60);

        var result = await Rules.SaveAsync(draft);

        Assert.False(result.Succeeded);
        Assert.Contains("Give the rule a name.", result.Errors);
        Assert.Contains("An idle rule needs a number of minutes between 1 and 43,200 (30 days).", result.Errors);
        Assert.Contains("Add at least one action: a rule that does nothing cannot be saved.", result.Errors);
        Assert.Contains(result.Errors, e => e.StartsWith("Condition 1: The regular expression \"(unclosed\" is not valid", StringComparison.Ordinal));
        Assert.Contains("Condition 2: enter at least one keyword.", result.Errors);
        Assert.Empty(await Rules.ListAsync());
    }

    [Fact]
    public async Task Save_RejectsAPersonalTemplateAsAReply()
    {
        var agent = await factory.CreateUserAsync($"own.{Guid.NewGuid():N}@example.com", Roles.Agent);
        var own = await factory.Services.GetRequiredService<TemplateService>()
            .SaveAsync(agent.Id, isAdmin: false, new TemplateDraft(0, "Mine", "mine" + Guid.NewGuid().ToString("N")[..6], null, "Hi", Shared: false, []));

        var result = await Rules.SaveAsync(KeywordRule(own.Value, "refund"));

        Assert.Equal("Action 1: choose a shared template to reply with.", result.ErrorText);
    }

    [Fact]
    public async Task Test_ShowsWhatWouldHappen_WithoutSideEffects()
    {
        var templateId = await SharedTemplateAsync("About your refund, {{ contact.name | default: \"there\" }}");
        var saved = await Rules.SaveAsync(KeywordRule(templateId, "refund"));
        var channelId = (await Rules.ChoicesAsync()).Channels.FirstOrDefault()?.Id ?? 0;

        var results = await Rules.TestAsync(new RuleSample("Where is my refund?", channelId, DateTime.UtcNow));
        var misses = await Rules.TestAsync(new RuleSample("Hello", channelId, DateTime.UtcNow));

        var hit = Assert.Single(results);
        Assert.Equal((saved.Value, true, true), (hit.RuleId, hit.Matched, hit.Reached));
        Assert.Equal(["Reply with template \"Refunds\""], hit.WouldDo);
        Assert.False(Assert.Single(misses).Matched);
        await using var db = await factory.CreateDbAsync();
        Assert.False(await db.RuleHits.AnyAsync(h => h.RuleId == saved.Value));
        Assert.Equal(0, (await db.Rules.SingleAsync(r => r.Id == saved.Value)).HitCount);
    }

    [Fact]
    public async Task APortalMessage_MatchingAKeywordRule_GetsAnAutoReplyInTheSameConversation_AndTheHitIsCounted()
    {
        var templateId = await SharedTemplateAsync("About your refund, {{ contact.name | default: \"there\" }}: we answer within a day.");
        var saved = await Rules.SaveAsync(KeywordRule(templateId, "refund"));
        var customer = await factory.RegisterCustomerAsync($"refund.{Guid.NewGuid():N}@example.com", "Rita");

        var id = await factory.StartRequestAsync(customer, "Money back", "I would like a refund, please.");

        var thread = (await factory.Services.GetRequiredService<PortalService>().GetAsync(customer, id))!;
        Assert.Equal(2, thread.Messages.Count);
        var reply = thread.Messages[^1];
        Assert.Equal((MessageDirection.Outbound, SenderKind.Bot), (reply.Direction, reply.SenderKind));
        Assert.Equal("About your refund, Rita: we answer within a day.", reply.Text);
        var listed = Assert.Single(await Rules.ListAsync());
        Assert.Equal((saved.Value, 1), (listed.Id, listed.HitCount));
        var hit = Assert.Single(await Rules.RecentHitsAsync(saved.Value));
        Assert.Equal((id, "Money back"), (hit.ConversationId, hit.ConversationSubject));

        // The customer's next message is not a new conversation: this rule does not answer again.
        Assert.True((await factory.Services.GetRequiredService<PortalService>().ReplyAsync(customer, id, "Another refund question")).Succeeded);
        Assert.Equal(3, (await factory.Services.GetRequiredService<PortalService>().GetAsync(customer, id))!.Messages.Count);
    }

    [Fact]
    public async Task Delete_RemovesTheRuleAndItsHits()
    {
        var templateId = await SharedTemplateAsync("Thanks!");
        var saved = await Rules.SaveAsync(KeywordRule(templateId, "thanks"));

        Assert.True((await Rules.DeleteAsync(saved.Value)).Succeeded);
        Assert.Equal("This rule was already deleted.", (await Rules.DeleteAsync(saved.Value)).ErrorText);
        Assert.Empty(await Rules.ListAsync());
    }
}
