namespace CommHub.Core.Channels;

/// <summary>A weekly opening schedule in one time zone, with whole-day holidays.</summary>
public sealed record BusinessHours(
    string TimeZoneId,
    IReadOnlyList<BusinessHoursSlot> Slots,
    IReadOnlyList<DateOnly> Holidays);

public sealed record BusinessHoursSlot(DayOfWeek Day, TimeOnly Opens, TimeOnly Closes);
