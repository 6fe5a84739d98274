using System.Text.RegularExpressions;
using CommHub.Core.Users;
using CommHub.Tests.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Core.Users;

public sealed class AdminBootstrapperTests
{
    [Fact]
    public async Task ConfiguredAdmin_ExistsAfterStart_WithTheAdminRole()
    {
        await using var factory = new CommHubFactory();
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();

        var admin = await users.FindByEmailAsync(CommHubFactory.AdminEmail);

        Assert.NotNull(admin);
        Assert.True(await users.IsInRoleAsync(admin, Roles.Admin));
        Assert.True(await users.CheckPasswordAsync(admin, CommHubFactory.AdminPassword));
        foreach (var role in Roles.All)
            Assert.True(await scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>().RoleExistsAsync(role));
    }

    [Fact]
    public async Task WithoutAConfiguredPassword_GeneratesOne_PrintsItOnce_AndItWorks()
    {
        await using var factory = new CommHubFactory();
        factory.Settings["CommHub:Bootstrap:AdminEmail"] = "";
        factory.Settings["CommHub:Bootstrap:AdminPassword"] = "";
        _ = factory.Services; // start: creates admin@commhub.local with a generated password
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            await users.DeleteAsync((await users.FindByEmailAsync(BootstrapOptions.DefaultAdminEmail))!);
        }

        var first = await RunBootstrapperAsync(factory);
        var second = await RunBootstrapperAsync(factory);

        var password = Regex.Match(first, @"password: (\S+)").Groups[1].Value;
        Assert.Equal(20, password.Length);
        Assert.Contains($"email:    {BootstrapOptions.DefaultAdminEmail}", first);
        Assert.Equal("", second);
        await using var check = factory.Services.CreateAsyncScope();
        var manager = check.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.True(await manager.CheckPasswordAsync((await manager.FindByEmailAsync(BootstrapOptions.DefaultAdminEmail))!, password));
    }

    private static async Task<string> RunBootstrapperAsync(CommHubFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var bootstrapper = scope.ServiceProvider.GetRequiredService<AdminBootstrapper>();
        var output = new StringWriter();
        bootstrapper.Console = output;
        await bootstrapper.EnsureAsync();
        return output.ToString();
    }
}
