using System.Net;
using CommHub.Core.Users;
using CommHub.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Web.Account;

public sealed class SignInTests(CommHubFactory factory) : IClassFixture<CommHubFactory>
{
    [Fact]
    public async Task BootstrapAdmin_SignsIn_AndLandsOnTheInbox()
    {
        var client = factory.CreateBrowserLikeClient();

        var response = await client.SignInAsync(CommHubFactory.AdminEmail, CommHubFactory.AdminPassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/inbox", response.RedirectPath());
        var inbox = await client.GetAsync("/inbox");
        Assert.Equal(HttpStatusCode.OK, inbox.StatusCode);
    }

    [Fact]
    public async Task SignInCookie_IsHttpOnlyAndSameSite()
    {
        var client = factory.CreateBrowserLikeClient();

        var response = await client.SignInAsync(CommHubFactory.AdminEmail, CommHubFactory.AdminPassword);

        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("CommHub.Auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Customer_LandsOnThePortal()
    {
        await factory.CreateUserAsync("landing-customer@example.com", Roles.Customer);
        var client = factory.CreateBrowserLikeClient();

        var response = await client.SignInAsync("landing-customer@example.com", "a long enough password");

        Assert.Equal("/portal", response.RedirectPath());
    }

    [Fact]
    public async Task ReturnUrl_ToAnotherHost_IsIgnored()
    {
        var client = factory.CreateBrowserLikeClient();

        var response = await client.SignInAsync(CommHubFactory.AdminEmail, CommHubFactory.AdminPassword, returnUrl: "//evil.example/steal");

        Assert.Equal("/inbox", response.RedirectPath());
    }

    [Fact]
    public async Task WrongPassword_ShowsAGenericError()
    {
        var client = factory.CreateBrowserLikeClient();

        var response = await client.SignInAsync(CommHubFactory.AdminEmail, "not the password at all");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Wrong email or password.", await response.LoginErrorAsync());
    }

    [Fact]
    public async Task FiveWrongPasswords_LockTheAccount_EvenForTheRightPassword()
    {
        const string email = "lockout@example.com";
        await factory.CreateUserAsync(email, Roles.Agent);
        var client = factory.CreateBrowserLikeClient();

        for (var i = 0; i < 4; i++)
            Assert.Equal("Wrong email or password.", await (await client.SignInAsync(email, $"wrong password number {i}")).LoginErrorAsync());
        var fifth = await client.SignInAsync(email, "wrong password number 5");
        var afterLockout = await client.SignInAsync(email, "a long enough password");

        Assert.StartsWith("Too many failed sign-ins for this email from this device. Try again in 15 minutes", await fifth.LoginErrorAsync());
        Assert.Equal(HttpStatusCode.OK, afterLockout.StatusCode);
        Assert.StartsWith("Too many failed sign-ins", await afterLockout.LoginErrorAsync());
    }

    [Fact]
    public async Task DisabledUser_CannotSignIn_AndTheirOpenSessionEnds()
    {
        const string email = "disabled@example.com";
        var user = await factory.CreateUserAsync(email, Roles.Agent);
        var session = factory.CreateBrowserLikeClient();
        await session.SignInAsync(email, "a long enough password");
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/inbox")).StatusCode);

        var result = await factory.Services.GetRequiredService<UserAdminService>().SetDisabledAsync(user.Id, true, actingUserId: null);
        Assert.True(result.Succeeded);

        var afterDisable = await session.GetAsync("/inbox");
        Assert.Equal(HttpStatusCode.Redirect, afterDisable.StatusCode);
        Assert.StartsWith("/account/login", afterDisable.RedirectPath());

        var again = await factory.CreateBrowserLikeClient().SignInAsync(email, "a long enough password");
        Assert.Equal("This account has been disabled. Ask an administrator to enable it again.", await again.LoginErrorAsync());
        var wrongPassword = await factory.CreateBrowserLikeClient().SignInAsync(email, "someone guessing here");
        Assert.Equal("Wrong email or password.", await wrongPassword.LoginErrorAsync());
    }

    [Fact]
    public async Task ReEnabledUser_CanSignInAgain()
    {
        const string email = "reenabled@example.com";
        var user = await factory.CreateUserAsync(email, Roles.Agent);
        var admin = factory.Services.GetRequiredService<UserAdminService>();
        await admin.SetDisabledAsync(user.Id, true, actingUserId: null);
        await admin.SetDisabledAsync(user.Id, false, actingUserId: null);

        var response = await factory.CreateBrowserLikeClient().SignInAsync(email, "a long enough password");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }
}
