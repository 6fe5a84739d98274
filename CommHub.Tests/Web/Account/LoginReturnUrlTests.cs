using CommHub.Web.Features.Account.Pages;

namespace CommHub.Tests.Web.Account;

public sealed class LoginReturnUrlTests
{
    [Theory]
    [InlineData("/inbox", "/inbox")]
    [InlineData("/admin/users?x=1", "/admin/users?x=1")]
    [InlineData("//evil.example", null)]
    [InlineData("/\\evil.example", null)]
    [InlineData("https://evil.example/", null)]
    [InlineData("/account/logout", null)]
    [InlineData("", null)]
    public void LoginReturnUrl_StaysOnThisSite(string url, string? expected) =>
        Assert.Equal(expected, Login.LocalReturnUrl(url));
}
