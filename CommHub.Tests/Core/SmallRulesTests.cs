using CommHub.Core.Attachments;
using CommHub.Core.Users;
using CommHub.Web.Components.Shared;
using CommHub.Web.Features.Account.Pages;

namespace CommHub.Tests.Core;

public sealed class SmallRulesTests
{
    [Theory]
    [InlineData("/inbox", Roles.Admin)]
    [InlineData("/inbox", Roles.Agent)]
    [InlineData("/inbox", Roles.Agent, Roles.Customer)]
    [InlineData("/crew", Roles.Crew)]
    [InlineData("/portal", Roles.Customer)]
    [InlineData("/")]
    public void HomePath_FollowsTheStrongestRole(string expected, params string[] roles) =>
        Assert.Equal(expected, Roles.HomePath(roles));

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

    [Fact]
    public void RelativeTime_IsBrief()
    {
        var now = new DateTime(2026, 5, 20, 12, 0, 0, DateTimeKind.Utc);
        Assert.Equal("just now", RelativeTime.Format(now.AddSeconds(-20), now));
        Assert.Equal("5 min", RelativeTime.Format(now.AddMinutes(-5), now));
        Assert.Equal("3 h", RelativeTime.Format(now.AddHours(-3), now));
        Assert.Equal("2 d", RelativeTime.Format(now.AddDays(-2), now));
        Assert.Equal("1 May", RelativeTime.Format(new DateTime(2026, 5, 1, 0, 0, 0, DateTimeKind.Utc), now));
    }

    [Fact]
    public void BlobKeys_AreServerMade_AndValid()
    {
        var key = BlobKeys.New("originals", TimeProvider.System);

        Assert.True(BlobKeys.IsValid(key));
        Assert.StartsWith("originals/", key);
        Assert.NotEqual(key, BlobKeys.New("originals", TimeProvider.System));
    }
}
