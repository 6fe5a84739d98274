using CommHub.Web.Components.Shared;

namespace CommHub.Tests.Web.Components;

public sealed class BrowserTimeZoneTests
{
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
