using System.Net;
using CommHub.Core.Users;
using CommHub.Tests.TestSupport;
using CommHub.Web.Features.Account;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Web.Account;

/// <summary>Issue #20: sessions, sign-in answers, common passwords, bad return addresses.</summary>
public sealed class SessionHardeningTests(CommHubFactory factory) : IClassFixture<CommHubFactory>
{
    [Fact]
    public async Task DemotedAgent_OpenCircuit_FailsRevalidation()
    {
        var agent = await factory.CreateUserAsync("demoted.agent@example.com", Roles.Agent);
        await using var scope = factory.Services.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<ApplicationUser>>();
        var state = new AuthenticationState(await signIn.CreateUserPrincipalAsync(agent));
        var provider = (RevalidatingIdentityStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        Assert.True(await provider.IsStillValidAsync(state));

        var changed = await factory.Services.GetRequiredService<UserAdminService>().ChangeRoleAsync(agent.Id, Roles.Customer, actingUserId: null);

        Assert.True(changed.Succeeded, changed.ErrorText);
        Assert.False(await provider.IsStillValidAsync(state));
    }

    [Fact]
    public async Task RoleChange_AndSignOutEverywhere_EndOpenSessions()
    {
        var agent = await factory.CreateUserAsync("everywhere.agent@example.com", Roles.Agent);
        var admin = factory.Services.GetRequiredService<UserAdminService>();
        var session = factory.CreateBrowserLikeClient();
        await session.SignInAsync("everywhere.agent@example.com", "a long enough password");
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/inbox")).StatusCode);

        Assert.True((await admin.SignOutEverywhereAsync(agent.Id, actingUserId: null)).Succeeded);

        Assert.Equal(HttpStatusCode.Redirect, (await session.GetAsync("/inbox")).StatusCode);
    }

    [Fact]
    public async Task ChangingThePassword_EndsTheOtherSessions_AndKeepsThisOne()
    {
        await factory.CreateUserAsync("changes.password@example.com", Roles.Agent, "the first long password");
        var laptop = factory.CreateBrowserLikeClient();
        var phone = factory.CreateBrowserLikeClient();
        await laptop.SignInAsync("changes.password@example.com", "the first long password");
        await phone.SignInAsync("changes.password@example.com", "the first long password");
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/inbox")).StatusCode);

        var wrong = await ChangePasswordAsync(laptop, "not the password at all", "a second long password");
        Assert.Contains("The current password is wrong.", wrong);
        var common = await ChangePasswordAsync(laptop, "the first long password", "password1234");
        Assert.DoesNotContain("password-changed", common);
        var changed = await ChangePasswordAsync(laptop, "the first long password", "a second long password");
        Assert.Contains("data-testid=\"password-changed\"", changed);

        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/inbox")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await phone.GetAsync("/inbox")).StatusCode);
        Assert.Equal("Wrong email or password.", await (await factory.CreateBrowserLikeClient().SignInAsync("changes.password@example.com", "the first long password")).LoginErrorAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await factory.CreateBrowserLikeClient().SignInAsync("changes.password@example.com", "a second long password")).StatusCode);
    }

    private static async Task<string> ChangePasswordAsync(HttpClient client, string current, string next)
    {
        var page = await client.GetStringAsync("/account/password");
        var response = await client.PostAsync("/account/password", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "change-password",
            ["__RequestVerificationToken"] = AccountClient.AntiforgeryTokenIn(page),
            ["Input.CurrentPassword"] = current,
            ["Input.NewPassword"] = next,
            ["Input.ConfirmPassword"] = next,
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OldCookie_AfterSignOut_IsRefused()
    {
        var client = factory.CreateBrowserLikeClient();
        var signedIn = await client.SignInAsync(CommHubFactory.AdminEmail, CommHubFactory.AdminPassword);
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("CommHub.Auth=", StringComparison.Ordinal)).Split(';')[0];
        var inbox = await client.GetStringAsync("/inbox");
        var logout = await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AccountClient.AntiforgeryTokenIn(inbox),
        }));
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);

        var replay = factory.CreateBrowserLikeClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/inbox");
        request.Headers.Add("Cookie", cookie);
        var response = await replay.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.RedirectPath());
    }

    [Fact]
    public async Task SignOut_WithoutAntiforgeryToken_IsRefused()
    {
        var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync(CommHubFactory.AdminEmail, CommHubFactory.AdminPassword);

        var logout = await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>()));

        Assert.Equal(HttpStatusCode.BadRequest, logout.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/inbox")).StatusCode);
    }

    [Fact]
    public async Task KnownAndUnknownEmails_GetTheSameAnswers_UpToTheLock()
    {
        await factory.CreateUserAsync("known.person@example.com", Roles.Agent);
        var known = factory.CreateBrowserLikeClient();
        var unknown = factory.CreateBrowserLikeClient();

        for (var i = 0; i < 6; i++)
        {
            var a = await (await known.SignInAsync("known.person@example.com", $"wrong password {i}")).LoginErrorAsync();
            var b = await (await unknown.SignInAsync("nobody.here@example.com", $"wrong password {i}")).LoginErrorAsync();
            Assert.Equal(a, b);
        }
    }

    [Fact]
    public void Throttle_LocksOnlyThePairOfEmailAndClient_AndGrows()
    {
        var throttle = new SignInThrottle(Microsoft.Extensions.Options.Options.Create(new SecurityOptions()), TimeProvider.System);
        for (var i = 0; i < 4; i++) Assert.Null(throttle.Failed("owner@example.com", "10.0.0.66"));
        Assert.Equal(TimeSpan.FromMinutes(15), throttle.Failed("owner@example.com", "10.0.0.66"));

        Assert.NotNull(throttle.LockedFor("owner@example.com", "10.0.0.66"));
        Assert.Null(throttle.LockedFor("owner@example.com", "192.168.1.5"));
        for (var i = 0; i < 4; i++) throttle.Failed("OWNER@example.com", "10.0.0.66");
        Assert.Equal(TimeSpan.FromMinutes(30), throttle.Failed("owner@example.com", "10.0.0.66"));
    }

    [Fact]
    public async Task RegisteringATakenEmail_LooksLikeRegisteringANewOne()
    {
        await factory.CreateUserAsync("staff.member@example.com", Roles.Agent);

        var taken = await RegisterAsync("staff.member@example.com");
        var fresh = await RegisterAsync("brand.new@example.com");

        Assert.Equal(fresh.StatusCode, taken.StatusCode);
        Assert.Equal(fresh.RedirectPath(), taken.RedirectPath());
        Assert.Equal("/account/login?registered=true", taken.RedirectPath());
    }

    [Theory]
    [InlineData("123456789012")]
    [InlineData("password1234")]
    [InlineData("Password1234")]
    public async Task CommonPasswords_AreRefused(string password)
    {
        var result = await factory.Services.GetRequiredService<UserAdminService>()
            .CreateAsync(new CreateUserRequest($"common{password.GetHashCode():x}@example.com", "C", Roles.Agent, password), actingUserId: null);

        Assert.False(result.Succeeded);
        Assert.Contains("most common", result.ErrorText);
        Assert.True(CommonPasswordValidator.Count > 5000);
    }

    [Fact]
    public async Task NonAsciiReturnUrl_FallsBackToTheHomePage()
    {
        var client = factory.CreateBrowserLikeClient();

        var response = await client.SignInAsync(CommHubFactory.AdminEmail, CommHubFactory.AdminPassword, returnUrl: "/inbox/café");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/inbox", response.RedirectPath());
    }

    private async Task<HttpResponseMessage> RegisterAsync(string email)
    {
        var client = factory.CreateBrowserLikeClient();
        var page = await client.GetStringAsync("/account/register");
        return await client.PostAsync("/account/register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "register",
            ["__RequestVerificationToken"] = AccountClient.AntiforgeryTokenIn(page),
            ["Input.Name"] = "Someone",
            ["Input.Email"] = email,
            ["Input.Password"] = "a long enough password",
            ["Input.ConfirmPassword"] = "a long enough password",
        }));
    }
}
