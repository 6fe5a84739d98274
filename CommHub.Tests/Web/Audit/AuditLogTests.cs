using System.Net;
using CommHub.Core.Audit;
using CommHub.Core.Channels;
using CommHub.Core.Retention;
using CommHub.Core.Rules;
using CommHub.Core.Templates;
using CommHub.Core.Users;
using CommHub.Tests.Core.Retention;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Web.Audit;

/// <summary>Every admin action named in the issue leaves an entry; /admin/audit.csv filters and downloads them.</summary>
public sealed class AuditLogTests(CommHubFactory factory) : IClassFixture<CommHubFactory>
{
    private T Service<T>() where T : notnull => factory.Services.GetRequiredService<T>();

    [Fact]
    public async Task AdminActions_EachLeaveAnEntry_WithWhoAndWhat()
    {
        var admin = await factory.CreateUserAsync($"audit.admin.{Guid.NewGuid():N}@example.com", Roles.Admin);
        var email = $"audited.{Guid.NewGuid():N}@example.com";
        Assert.True((await Service<UserAdminService>().CreateAsync(new CreateUserRequest(email, "Audited", Roles.Agent, "a long enough password"), admin.Id)).Succeeded);
        var agent = (await Service<UserAdminService>().ListAsync()).Single(u => u.Email == email);
        Assert.True((await Service<UserAdminService>().ChangeRoleAsync(agent.Id, Roles.Admin, admin.Id)).Succeeded);
        var seed = new RetentionSeed(factory);
        var channel = await seed.ChannelAsync(retentionDays: null);
        Assert.True((await Service<ChannelService>().SetEnabledAsync(channel.Id, false, admin.Id)).Succeeded);
        Assert.True((await Service<RetentionSettingsService>().SetChannelDaysAsync(channel.Id, 90, admin.Id)).Succeeded);
        var conversation = await seed.ConversationAsync(channel);
        Assert.True((await Service<LegalHolds>().SetAsync(conversation.Id, true, admin.Id)).Succeeded);
        Assert.True((await Service<LegalHolds>().SetAsync(conversation.Id, false, admin.Id)).Succeeded);
        var template = await Service<TemplateService>().SaveAsync(admin.Id, true, new TemplateDraft(0, "Hello", "hello" + Guid.NewGuid().ToString("N")[..6], null, "Hi!", true, []));
        Assert.True(template.Succeeded, template.ErrorText);
        var rule = await Service<RuleService>().SaveAsync(new RuleDraft(0, "Greeting", true, 1, false, RuleTrigger.NewConversation, null, RuleMatchMode.All, [],
            [new RuleAction { Kind = RuleActionKind.ReplyWithTemplate, TemplateId = template.Value }], 60), admin.Id);
        Assert.True(rule.Succeeded, rule.ErrorText);
        Assert.True((await Service<RuleService>().DeleteAsync(rule.Value, admin.Id)).Succeeded);
        Assert.True((await Service<TemplateService>().DeleteAsync(admin.Id, true, template.Value)).Succeeded);

        var mine = await Service<AuditQuery>().SearchAsync(new AuditFilter(UserId: admin.Id));

        Assert.Equal(
            ["user.created", "user.role-changed", "channel.disabled", AuditActions.RetentionChanged, AuditActions.LegalHoldOn, AuditActions.LegalHoldOff,
             AuditActions.TemplateSaved, AuditActions.RuleSaved, AuditActions.RuleDeleted, AuditActions.TemplateDeleted],
            mine.Select(r => r.Action).Reverse());
        Assert.All(mine, r => Assert.Equal(admin.Email, r.Who));
        Assert.Contains(mine, r => r.Action == AuditActions.RetentionChanged && r.Details == $"{channel.Name}: forever -> 90 days");
    }

    [Fact]
    public async Task Csv_HasTheFilteredEntries_WithFormulasDefused_AndOnlyAdminsGetIt()
    {
        var audit = Service<AuditLog>();
        var action = "test.csv-" + Guid.NewGuid().ToString("N")[..8];
        await audit.RecordAsync(null, action, "Test", 1, "=HYPERLINK(\"http://evil\"), with a comma");
        await audit.RecordAsync(null, "test.other", "Test", 2, "not this one");
        var admin = factory.CreateBrowserLikeClient();
        await admin.SignInAsync(CommHubFactory.AdminEmail, CommHubFactory.AdminPassword);

        var response = await admin.GetAsync($"/admin/audit.csv?action={action}&user={AuditFilter.SystemUser}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("at_utc,who,action,entity_type,entity_id,details", lines[0]);
        var row = Assert.Single(lines[1..]);
        Assert.EndsWith($",System,{action},Test,1,\"'=HYPERLINK(\"\"http://evil\"\"), with a comma\"", row);

        var agent = factory.CreateBrowserLikeClient();
        await factory.CreateUserAsync("audit.agent@example.com", Roles.Agent);
        await agent.SignInAsync("audit.agent@example.com", "a long enough password");
        Assert.StartsWith("/account/access-denied", (await agent.GetAsync("/admin/audit.csv")).RedirectPath());
        Assert.StartsWith("/account/access-denied", (await agent.GetAsync("/admin/audit")).RedirectPath());
    }

    [Fact]
    public async Task Search_FiltersByPeriod()
    {
        var action = "test.period-" + Guid.NewGuid().ToString("N")[..8];
        await using (var db = await factory.CreateDbAsync())
        {
            db.AuditEntries.AddRange(
                new AuditEntry { At = new DateTime(2025, 1, 10, 12, 0, 0, DateTimeKind.Utc), Action = action, EntityType = "Test" },
                new AuditEntry { At = new DateTime(2025, 2, 10, 12, 0, 0, DateTimeKind.Utc), Action = action, EntityType = "Test" });
            await db.SaveChangesAsync();
        }

        var january = await Service<AuditQuery>().SearchAsync(new AuditFilter(Action: action, From: new DateTime(2025, 1, 1), To: new DateTime(2025, 2, 1)));

        Assert.Equal(new DateTime(2025, 1, 10, 12, 0, 0, DateTimeKind.Utc), Assert.Single(january).At);
    }
}
