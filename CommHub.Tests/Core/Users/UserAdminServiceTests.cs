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
    public async Task ResetPassword_GivesAOneTimePassword_EndsSessions_AndAsksForANewOneAtSignIn()
    {
        var user = await factory.CreateUserAsync("reset.me@example.com", Roles.Agent);

        var result = await Service.ResetPasswordAsync(user.Id, "acting-admin");

        Assert.True(result.Succeeded, result.ErrorText);
        Assert.Matches("^[a-z2-9]{5}-[a-z2-9]{5}-[a-z2-9]{5}-[a-z2-9]{5}$", result.Value);
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var after = (await users.FindByIdAsync(user.Id))!;
        Assert.True(await users.CheckPasswordAsync(after, result.Value!));
        Assert.False(await users.CheckPasswordAsync(after, "a long enough password"));
        Assert.True(after.MustChangePassword);
        Assert.NotEqual(user.SecurityStamp, after.SecurityStamp);
        await using var db = await factory.CreateDbAsync();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "user.password-reset" && a.EntityId == user.Id && a.UserId == "acting-admin"));
        // The password is shown once: the audit entry does not hold it.
        Assert.False(await db.AuditEntries.AnyAsync(a => a.Details != null && a.Details.Contains(result.Value!)));

        Assert.Equal("Change your own password from your profile instead.", (await Service.ResetPasswordAsync(user.Id, user.Id)).ErrorText);
        Assert.Equal("That user no longer exists.", (await Service.ResetPasswordAsync("no-such-user", "acting-admin")).ErrorText);
    }

    [Fact]
    public async Task Rename_ChangesTheDisplayName_WithValidation()
    {
        var user = await factory.CreateUserAsync("rename.me@example.com", Roles.Agent);

        Assert.Equal("Enter your name.", (await Service.RenameAsync(user.Id, "   ")).ErrorText);
        Assert.Equal("Keep your name to 100 characters or fewer.", (await Service.RenameAsync(user.Id, new string('x', 101))).ErrorText);
        Assert.True((await Service.RenameAsync(user.Id, "  Renée Renamed ")).Succeeded);

        Assert.Equal("Renée Renamed", Assert.Single(await Service.ListAsync(), u => u.Id == user.Id).DisplayName);
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
