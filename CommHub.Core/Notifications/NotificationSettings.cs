namespace CommHub.Core.Notifications;

/// <summary>How one kind of notification reaches its user beyond the in-app list, which always collects it.</summary>
public sealed record NotificationChannels(bool Sound, bool Desktop);

/// <summary>
/// A staff member's notification preferences, kept as JSON on their account: per kind, sound and desktop notification;
/// quiet hours (in their time zone) during which only the list collects them.
/// </summary>
public sealed record NotificationSettings(
    NotificationChannels Assigned,
    NotificationChannels Mentioned,
    NotificationChannels CustomerMessage,
    bool QuietHoursOn = false,
    TimeOnly QuietFrom = default,
    TimeOnly QuietUntil = default,
    string TimeZoneId = "UTC")
{
    public static readonly NotificationSettings Default = new(new(true, true), new(true, true), new(false, false),
        QuietFrom: new TimeOnly(20, 0), QuietUntil: new TimeOnly(8, 0));

    public NotificationChannels For(NotificationKind kind) => kind switch
    {
        NotificationKind.Assigned => Assigned,
        NotificationKind.Mentioned => Mentioned,
        _ => CustomerMessage,
    };

    /// <summary>
    /// Whether the moment falls in the quiet hours, read on the user's wall clock (so a DST change moves nothing: 22:00 to
    /// 07:00 stays 22:00 to 07:00 local). A window past midnight (from later than until) wraps; from equal to until is all day.
    /// </summary>
    public bool IsQuiet(DateTimeOffset now)
    {
        if (!QuietHoursOn) return false;
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(TimeZoneId, out var found) ? found : TimeZoneInfo.Utc;
        var local = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        if (QuietFrom == QuietUntil) return true;
        return QuietFrom < QuietUntil ? local >= QuietFrom && local < QuietUntil : local >= QuietFrom || local < QuietUntil;
    }

    /// <summary>Null when the settings can be saved; otherwise what to fix.</summary>
    public string? Problem() => TimeZoneInfo.TryFindSystemTimeZoneById(TimeZoneId, out _)
        ? null
        : $"'{TimeZoneId}' is not a time zone this server knows (use a name like Europe/Berlin).";
}
