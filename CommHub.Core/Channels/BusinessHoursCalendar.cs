namespace CommHub.Core.Channels;

/// <summary>Whether a moment falls inside a channel's weekly schedule, in the schedule's own time zone.</summary>
public static class BusinessHoursCalendar
{
    public static bool IsOpen(BusinessHours hours, DateTime utc)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone(hours.TimeZoneId));
        if (hours.Holidays.Contains(DateOnly.FromDateTime(local))) return false;
        var time = TimeOnly.FromDateTime(local);
        return hours.Slots.Any(s => s.Day == local.DayOfWeek && s.Opens <= time && time < s.Closes);
    }

    /// <summary>Null when the id names no time zone on this machine.</summary>
    public static string? ValidateTimeZone(string timeZoneId) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out _) ? null : $"\"{timeZoneId}\" is not a known time zone; use an IANA name such as Europe/Berlin.";

    // An unknown zone (a schedule written on another OS) is read as UTC rather than failing every rule.
    private static TimeZoneInfo Zone(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
}
