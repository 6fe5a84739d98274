using CommHub.Web.Components.Shared;

namespace CommHub.Tests.Web.Components;

public sealed class RelativeTimeTests
{
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
}
