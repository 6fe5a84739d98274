using System.Net;
using System.Text.RegularExpressions;
using CommHub.Core.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.TestSupport;

/// <summary>Signs in through the real login form, as a browser without JavaScript would.</summary>
public static partial class AccountClient
{
    public static async Task<HttpResponseMessage> SignInAsync(this HttpClient client, string email, string password, string? returnUrl = null)
    {
        var path = "/account/login" + (returnUrl is null ? "" : "?returnUrl=" + Uri.EscapeDataString(returnUrl));
        var page = await client.GetStringAsync(path);
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = AntiforgeryTokenIn(page),
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        return await client.PostAsync(path, form);
    }

    /// <summary>Where a redirect points, as a path on this site ("/inbox"), or null when it is not a redirect.</summary>
    public static string? RedirectPath(this HttpResponseMessage response) =>
        response.Headers.Location is not { } location ? null
        : location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;

    /// <summary>The antiforgery token of the (first) form on a page.</summary>
    public static string AntiforgeryTokenIn(string html)
    {
        var token = AntiforgeryToken().Match(html);
        Assert.True(token.Success, "the page has no antiforgery token");
        return WebUtility.HtmlDecode(token.Groups[1].Value);
    }

    /// <summary>The text of the login page's error box, or null when there is none.</summary>
    public static async Task<string?> LoginErrorAsync(this HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        var match = LoginError().Match(html);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value.Trim()) : null;
    }

    public static async Task<ApplicationUser> CreateUserAsync(this CommHubFactory factory, string email, string role, string password = "a long enough password")
    {
        var admin = factory.Services.GetRequiredService<UserAdminService>();
        var result = await admin.CreateAsync(new CreateUserRequest(email, email.Split('@')[0], role, password), actingUserId: null);
        Assert.True(result.Succeeded, result.ErrorText);
        await using var scope = factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email))!;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("data-testid=\"login-error\">([^<]*)<")]
    private static partial Regex LoginError();
}
