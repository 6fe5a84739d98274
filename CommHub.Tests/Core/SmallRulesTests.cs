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

    [Fact]
    public void BrowserTimeZone_ConvertsWallClockTimes_AcrossDaylightSaving()
    {
        var zone = new BrowserTimeZone();
        zone.Set("Europe/Berlin");

        // Winter: UTC+1; summer (after the last Sunday of March): UTC+2.
        Assert.Equal(new DateTime(2026, 3, 28, 8, 0, 0, DateTimeKind.Utc), zone.ToUtc(new DateTime(2026, 3, 28, 9, 0, 0)));
        Assert.Equal(new DateTime(2026, 3, 30, 7, 0, 0, DateTimeKind.Utc), zone.ToUtc(new DateTime(2026, 3, 30, 9, 0, 0)));
        Assert.Equal(new DateTime(2026, 7, 1, 14, 0, 0), zone.ToLocal(new DateTime(2026, 7, 1, 12, 0, 0, DateTimeKind.Utc)));
    }

    [Fact]
    public void BrowserTimeZone_IgnoresAnUnknownZone_AndStaysUtc()
    {
        var zone = new BrowserTimeZone();
        zone.Set("Not/AZone");

        Assert.Equal(TimeZoneInfo.Utc, zone.Zone);
    }
}
