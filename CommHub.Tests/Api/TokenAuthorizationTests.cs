using System.Net;
using System.Net.Http.Json;
using CommHub.Core.Tokens;
using CommHub.Core.Users;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Api;

/// <summary>Who may do what with a token: the UI's role rules, the token's scope on top, and refused tokens.</summary>
public sealed class TokenAuthorizationTests : IClassFixture<QuietOutboxFactory>
{
    private readonly QuietOutboxFactory factory;

    public TokenAuthorizationTests(QuietOutboxFactory factory) => this.factory = factory;

    private AccessTokenService Tokens => factory.Services.GetRequiredService<AccessTokenService>();

    [Fact]
    public async Task NoToken_Or_ACookieAlone_Gets401ProblemWithBearerChallenge()
    {
        var anonymous = await factory.ApiClient(null).GetAsync("/api/v1/conversations");
        await anonymous.AssertProblemAsync(401);
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().Scheme);

        var browser = factory.CreateBrowserLikeClient();
        await browser.SignInAsync(CommHubFactory.AdminEmail, CommHubFactory.AdminPassword);
        // The sign-in cookie never reaches the API: no cross-site request can use it.
        await (await browser.GetAsync("/api/v1/conversations")).AssertProblemAsync(401);
    }

    [Fact]
    public async Task UnknownRevokedAndExpiredTokens_AreRefusedWithTheReason()
    {
        var agent = await factory.CreateUserAsync("auth.revoked@example.com", Roles.Agent);
        var unknown = await factory.ApiClient("chp_not-a-real-token").GetAsync("/api/v1/conversations");
        Assert.Contains("unknown", (await unknown.AssertProblemAsync(401)).GetProperty("detail").GetString());

        var revoked = await factory.CreateTokenAsync(agent.Id, TokenScope.Read);
        var client = factory.ApiClient(revoked);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/conversations")).StatusCode);
        var id = (await Tokens.ListAsync(agent.Id)).Single().Id;
        Assert.True((await Tokens.RevokeAsync(agent.Id, id)).Succeeded);
        Assert.Contains("revoked", (await (await client.GetAsync("/api/v1/conversations")).AssertProblemAsync(401)).GetProperty("detail").GetString());

        var expired = await factory.CreateTokenAsync(agent.Id, TokenScope.Read, days: 1);
        await using (var db = await factory.CreateDbAsync())
            await db.AccessTokens.Where(t => t.Hash == AccessTokenService.HashOf(expired))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, DateTime.UtcNow.AddMinutes(-1)));
        Assert.Contains("expired", (await (await factory.ApiClient(expired).GetAsync("/api/v1/conversations")).AssertProblemAsync(401)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task CustomersAndCrew_GetNoToken_AndATokenOfAUserNoLongerStaffStopsWorking()
    {
        var customer = await factory.RegisterCustomerAsync("auth.customer@example.com");
        var crew = await factory.CreateUserAsync("auth.crew@example.com", Roles.Crew);
        Assert.Equal("Only admins and agents can make API tokens.", (await Tokens.CreateAsync(customer, "x", TokenScope.Read, 30)).ErrorText);
        Assert.Equal("Only admins and agents can make API tokens.", (await Tokens.CreateAsync(crew.Id, "x", TokenScope.Read, 30)).ErrorText);

        var agent = await factory.CreateUserAsync("auth.demoted@example.com", Roles.Agent);
        var token = await factory.CreateTokenAsync(agent.Id, TokenScope.Write);
        var admin = factory.Services.GetRequiredService<UserAdminService>();
        Assert.True((await admin.ChangeRoleAsync(agent.Id, Roles.Customer, actingUserId: null)).Succeeded);
        var refused = await factory.ApiClient(token).GetAsync("/api/v1/conversations");
        Assert.Contains("admins' and agents'", (await refused.AssertProblemAsync(401)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Scopes_ReadCannotWrite_AgentsCannotTouchChannels_AdminScopeOnlyForAdmins()
    {
        var agent = await factory.CreateUserAsync("auth.matrix@example.com", Roles.Agent);
        var id = (await factory.SeedConversationsAsync(1))[0];
        var read = factory.ApiClient(await factory.CreateTokenAsync(agent.Id, TokenScope.Read));
        var write = factory.ApiClient(await factory.CreateTokenAsync(agent.Id, TokenScope.Write));
        var adminUser = await factory.CreateUserAsync("auth.matrix.admin@example.com", Roles.Admin);
        var adminRead = factory.ApiClient(await factory.CreateTokenAsync(adminUser.Id, TokenScope.Read));
        var adminAdmin = factory.ApiClient(await factory.CreateTokenAsync(adminUser.Id, TokenScope.Admin));

        Assert.Equal(HttpStatusCode.OK, (await read.GetAsync($"/api/v1/conversations/{id}")).StatusCode);
        await (await read.PostAsync($"/api/v1/conversations/{id}/read", null)).AssertProblemAsync(403);
        Assert.Equal(HttpStatusCode.NoContent, (await write.PostAsync($"/api/v1/conversations/{id}/read", null)).StatusCode);

        // Channels are admins' in the UI, so they are in the API: an agent's token is refused whatever its scope.
        await (await write.GetAsync("/api/v1/channels")).AssertProblemAsync(403);
        Assert.Equal(HttpStatusCode.OK, (await adminRead.GetAsync("/api/v1/channels")).StatusCode);
        await (await adminRead.PostAsync("/api/v1/channels/999/disable", null)).AssertProblemAsync(403);
        await (await adminAdmin.PostAsync("/api/v1/channels/999/disable", null)).AssertProblemAsync(404);

        Assert.Equal("Only admins can make a token with the admin scope.", (await Tokens.CreateAsync(agent.Id, "x", TokenScope.Admin, 30)).ErrorText);
    }

    [Fact]
    public async Task TokenCreation_RefusesABadNameOrExpiry_StoresOnlyTheHash_AndNotesTheLastUse()
    {
        var agent = await factory.CreateUserAsync("auth.create@example.com", Roles.Agent);
        Assert.Contains("name", (await Tokens.CreateAsync(agent.Id, " ", TokenScope.Read, 30)).ErrorText);
        Assert.Contains("expiry", (await Tokens.CreateAsync(agent.Id, "x", TokenScope.Read, 0)).ErrorText);

        var secret = await factory.CreateTokenAsync(agent.Id, TokenScope.Read);
        Assert.StartsWith("chp_", secret, StringComparison.Ordinal);
        await using (var db = await factory.CreateDbAsync())
        {
            var row = await db.AccessTokens.SingleAsync(t => t.UserId == agent.Id);
            Assert.Equal(AccessTokenService.HashOf(secret), row.Hash);
            Assert.DoesNotContain(secret, row.Hash + row.Prefix + row.Name, StringComparison.Ordinal);
            Assert.Null(row.LastUsedAt);
        }
        await factory.ApiClient(secret).GetAsync("/api/v1/conversations");
        Assert.NotNull((await Tokens.ListAsync(agent.Id)).Single().LastUsedAt);
    }

    [Fact]
    public async Task TheTokensPage_MakesATokenShownOnce_AndRevokesItAfterAConfirmation()
    {
        var agent = await factory.CreateUserAsync("auth.page@example.com", Roles.Agent, "a long enough password");
        var browser = factory.CreateBrowserLikeClient();
        await browser.SignInAsync("auth.page@example.com", "a long enough password");
        var page = await browser.GetStringAsync("/account/tokens");
        Assert.Contains("data-testid=\"tokens-empty\"", page);

        var created = await browser.PostAsync("/account/tokens", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "token-create", ["__RequestVerificationToken"] = AccountClient.AntiforgeryTokenIn(page),
            ["Input.Name"] = "CI script", ["Input.Scope"] = "Write", ["Input.Days"] = "30",
        }));
        var html = await created.Content.ReadAsStringAsync();
        var secret = System.Text.RegularExpressions.Regex.Match(html, "value=\"(chp_[^\"]+)\"").Groups[1].Value;
        Assert.Equal(HttpStatusCode.OK, (await factory.ApiClient(secret).GetAsync("/api/v1/conversations")).StatusCode);
        Assert.DoesNotContain(secret, await browser.GetStringAsync("/account/tokens"));

        var tokenId = (await Tokens.ListAsync(agent.Id)).Single().Id;
        page = await browser.GetStringAsync("/account/tokens");
        var ask = await browser.PostAsync("/account/tokens", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "revoke", ["__RequestVerificationToken"] = AccountClient.AntiforgeryTokenIn(page), ["RevokeId"] = tokenId.ToString(),
        }));
        var confirm = await ask.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"token-revoke-confirm\"", confirm);
        Assert.Equal(HttpStatusCode.OK, (await factory.ApiClient(secret).GetAsync("/api/v1/conversations")).StatusCode);
        await browser.PostAsync("/account/tokens", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "revoke-confirmed", ["__RequestVerificationToken"] = AccountClient.AntiforgeryTokenIn(confirm), ["ConfirmedId"] = tokenId.ToString(),
        }));
        await (await factory.ApiClient(secret).GetAsync("/api/v1/conversations")).AssertProblemAsync(401);
    }

    [Fact]
    public async Task WithARecheckInterval_ACheckedTokenIsTrusted_ButARevocationTakesEffectAtOnce()
    {
        var agent = await factory.CreateUserAsync("auth.cached@example.com", Roles.Agent);
        var cached = new AccessTokenService(factory.Services.GetRequiredService<IDbContextFactory<CommHub.Core.Data.CommHubDbContext>>(),
            Microsoft.Extensions.Options.Options.Create(new AccessTokenOptions { RecheckInterval = TimeSpan.FromHours(1) }), TimeProvider.System);
        var secret = (await cached.CreateAsync(agent.Id, "cached", TokenScope.Read, 30)).Value!.Secret;
        Assert.True((await cached.AuthenticateAsync(secret)).Succeeded);
        // A role change is seen within the interval (as by sign-in sessions), not at once.
        await factory.Services.GetRequiredService<UserAdminService>().ChangeRoleAsync(agent.Id, Roles.Customer, actingUserId: null);
        Assert.True((await cached.AuthenticateAsync(secret)).Succeeded);
        Assert.False((await Tokens.AuthenticateAsync(secret)).Succeeded);

        Assert.True((await cached.RevokeAsync(agent.Id, (await cached.ListAsync(agent.Id)).Single().Id)).Succeeded);
        Assert.Equal("The token was revoked.", (await cached.AuthenticateAsync(secret)).ErrorText);
    }
}
