namespace CommHub.Core.Analytics;

/// <summary>Day boundaries in a time zone.</summary>
public sealed class ZoneDays(TimeZoneInfo zone)
{
    public static ZoneDays For(string timeZoneId) =>
        new(TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var zone) ? zone : TimeZoneInfo.Utc);

    public TimeZoneInfo Zone => zone;

    /// <summary>The UTC moment the local day starts (where midnight does not exist, the first hour that does).</summary>
    public DateTime StartUtc(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(30);
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }

    public DateTime Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);

    public DateOnly DayOf(DateTime utc) => DateOnly.FromDateTime(Local(utc));

    public DateOnly Today(TimeProvider clock) => DayOf(clock.GetUtcNow().UtcDateTime);
}
