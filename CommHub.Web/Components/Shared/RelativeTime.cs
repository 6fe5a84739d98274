using System.Globalization;

namespace CommHub.Web.Components.Shared;

/// <summary>"just now", "5 min", "3 h", "2 d", then a date: how long ago something happened, briefly.</summary>
public static class RelativeTime
{
    public static string Format(DateTime utc, DateTime nowUtc)
    {
        var ago = nowUtc - utc;
        if (ago < TimeSpan.FromMinutes(1)) return "just now";
        if (ago < TimeSpan.FromHours(1)) return $"{(int)ago.TotalMinutes} min";
        if (ago < TimeSpan.FromDays(1)) return $"{(int)ago.TotalHours} h";
        if (ago < TimeSpan.FromDays(7)) return $"{(int)ago.TotalDays} d";
        return utc.ToString("d MMM", CultureInfo.InvariantCulture);
    }
}
