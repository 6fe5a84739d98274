using CommHub.Core.Users;
using CommHub.Tests.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Core.Users;

public sealed class UserAdminServiceTests(CommHubFactory factory) : IClassFixture<CommHubFactory>
{
    private UserAdminService Service => factory.Services.GetRequiredService<UserAdminService>();

    [Fact]
    public async Task Create_WithRole_ListsTheUserWithThatRole_AndAudits()
    {
        var result = await Service.CreateAsync(new CreateUserRequest("new.agent@example.com", "New Agent", Roles.Agent, "twelve chars!"), "acting-admin");

        Assert.True(result.Succeeded, result.ErrorText);
        var listed = Assert.Single(await Service.ListAsync(), u => u.Email == "new.agent@example.com");
        Assert.Equal(Roles.Agent, listed.Role);
        Assert.Equal("New Agent", listed.DisplayName);
        await using var db = await factory.CreateDbAsync();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "user.created" && a.EntityId == listed.Id && a.UserId == "acting-admin"));
    }

    [Fact]
    public async Task Create_ShortPassword_IsRefusedWithTheRule()
    {
        var result = await Service.CreateAsync(new CreateUserRequest("short.password@example.com", "", Roles.Agent, "elevenchars"), null);

        Assert.False(result.Succeeded);
        Assert.Contains("Passwords must be at least 12 characters.", result.ErrorText);
    }

    [Fact]
    public async Task Create_InvalidEmail_IsRefused()
    {
        var result = await Service.CreateAsync(new CreateUserRequest("not-an-email", "", Roles.Agent, "a long enough password"), null);

        Assert.Equal("Enter a valid email address.", result.ErrorText);
    }

    [Fact]
    public async Task Create_DuplicateEmail_IsRefused()
    {
        await Service.CreateAsync(new CreateUserRequest("twice@example.com", "", Roles.Agent, "a long enough password"), null);

        var second = await Service.CreateAsync(new CreateUserRequest("twice@example.com", "", Roles.Customer, "a long enough password"), null);

        Assert.False(second.Succeeded);
        Assert.Equal("A user with the email twice@example.com already exists.", second.ErrorText);
    }

    [Fact]
    public async Task Create_UnknownRole_IsRefused()
    {
        var result = await Service.CreateAsync(new CreateUserRequest("role@example.com", "", "Superuser", "a long enough password"), null);

        Assert.Equal("Unknown role 'Superuser'.", result.ErrorText);
    }

    [Fact]
    public async Task ChangeRole_ReplacesTheRole()
    {
        var user = await factory.CreateUserAsync("promote@example.com", Roles.Agent);

        var result = await Service.ChangeRoleAsync(user.Id, Roles.Admin, "someone-else");

        Assert.True(result.Succeeded);
        Assert.Equal(Roles.Admin, (await Service.ListAsync()).Single(u => u.Id == user.Id).Role);
    }

    [Fact]
    public async Task AnAdmin_CannotDemoteOrDisableThemselves()
    {
        var admin = await factory.CreateUserAsync("self@example.com", Roles.Admin);

        Assert.False((await Service.ChangeRoleAsync(admin.Id, Roles.Agent, admin.Id)).Succeeded);
        Assert.Equal("You cannot disable your own account.", (await Service.SetDisabledAsync(admin.Id, true, admin.Id)).ErrorText);
    }

    [Fact]
    public async Task Disable_RotatesTheSecurityStamp()
    {
        var user = await factory.CreateUserAsync("stamp@example.com", Roles.Agent);

        await Service.SetDisabledAsync(user.Id, true, null);

        await using var scope = factory.Services.CreateAsyncScope();
        var reloaded = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByIdAsync(user.Id);
        Assert.True(reloaded!.IsDisabled);
        Assert.NotEqual(user.SecurityStamp, reloaded.SecurityStamp);
    }
}
