using System.Net;
using CommHub.Core.Users;
using CommHub.Tests.TestSupport;

namespace CommHub.Tests.Web.Account;

public sealed class AuthorizationTests(CommHubFactory factory) : IClassFixture<CommHubFactory>
{
    [Theory]
    [InlineData("/inbox")]
    [InlineData("/admin/users")]
    [InlineData("/jobs")]
    public async Task Anonymous_IsSentToSignIn(string path)
    {
        var response = await factory.CreateBrowserLikeClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.RedirectPath());
    }

    [Theory]
    [InlineData("/admin/users")]
    [InlineData("/jobs")]
    [InlineData("/inbox")]
    public async Task Customer_GetsAccessDenied_NotAnErrorPage(string path)
    {
        var client = await SignedInAsAsync($"customer{path.Replace('/', '-')}@example.com", Roles.Customer);

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/access-denied", response.RedirectPath());
        var page = await client.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Access denied", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Agent_CannotOpenTheJobsDashboard()
    {
        var client = await SignedInAsAsync("agent-jobs@example.com", Roles.Agent);

        var response = await client.GetAsync("/jobs");

        Assert.StartsWith("/account/access-denied", response.RedirectPath());
    }

    [Fact]
    public async Task Admin_OpensTheJobsDashboard()
    {
        var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync(CommHubFactory.AdminEmail, CommHubFactory.AdminPassword);

        var response = await client.GetAsync("/jobs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("CommHub jobs", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SignOut_EndsTheSession()
    {
        var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync(CommHubFactory.AdminEmail, CommHubFactory.AdminPassword);
        var inbox = await client.GetStringAsync("/inbox");

        var logout = await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AccountClient.AntiforgeryTokenIn(inbox),
        }));

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/inbox")).StatusCode);
    }

    private async Task<HttpClient> SignedInAsAsync(string email, string role)
    {
        await factory.CreateUserAsync(email, role);
        var client = factory.CreateBrowserLikeClient();
        var response = await client.SignInAsync(email, "a long enough password");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }
}
