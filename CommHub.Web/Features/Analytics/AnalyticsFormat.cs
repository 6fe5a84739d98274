using System.Globalization;

namespace CommHub.Web.Features.Analytics;

/// <summary>How the page writes its figures.</summary>
public static class AnalyticsFormat
{
    public static string Duration(double? seconds)
    {
        if (seconds is not { } s) return "—";
        var t = TimeSpan.FromSeconds(Math.Round(s));
        if (t.TotalMinutes < 1) return $"{t.Seconds}s";
        if (t.TotalHours < 1) return $"{t.Minutes}m {t.Seconds:00}s";
        if (t.TotalDays < 1) return $"{(int)t.TotalHours}h {t.Minutes:00}m";
        return $"{(int)t.TotalDays}d {t.Hours}h";
    }

    public static string Percent(double? share) => share is { } x ? (x * 100).ToString("0.#", CultureInfo.CurrentCulture) + " %" : "—";

    public static string Count(int n) => n.ToString("N0", CultureInfo.CurrentCulture);

    /// <summary>"+12 %" against the previous period; "new" when there was nothing before, "" when there is nothing to compare.</summary>
    public static string Change(double? current, double? previous)
    {
        if (current is not { } c || previous is not { } p) return "";
        if (p == 0) return c == 0 ? "±0 %" : "new";
        var change = (c - p) / p * 100;
        return (change >= 0 ? "+" : "−") + Math.Abs(change).ToString("0", CultureInfo.CurrentCulture) + " %";
    }

    public static string Day(DateOnly day) => day.ToString("ddd d MMM", CultureInfo.CurrentCulture);
}
