namespace CommHub.Core.Retention;

/// <summary>Where a retention period ends: whole days, counted in the channel's own time zone.</summary>
public static class RetentionCutoff
{
    /// <summary>
    /// The UTC instant before which messages are expired: local midnight <paramref name="days"/> days before the local
    /// today. With 30 days, on 31 March everything from 1 March 00:00 local time stays.
    /// </summary>
    public static DateTime For(DateTimeOffset now, int days, TimeZoneInfo zone)
    {
        var localToday = TimeZoneInfo.ConvertTime(now, zone).Date;
        var midnight = DateTime.SpecifyKind(localToday.AddDays(-days), DateTimeKind.Unspecified);
        // Where a clock change skips midnight (some zones spring forward at 00:00), the day starts at the first valid time.
        while (zone.IsInvalidTime(midnight)) midnight = midnight.AddMinutes(15);
        return TimeZoneInfo.ConvertTimeToUtc(midnight, zone);
    }

    public static TimeZoneInfo Zone(string? timeZoneId, string fallback) =>
        timeZoneId is not null && TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var zone) ? zone
        : TimeZoneInfo.TryFindSystemTimeZoneById(fallback, out var other) ? other : TimeZoneInfo.Utc;
}
