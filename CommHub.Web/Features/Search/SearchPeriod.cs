namespace CommHub.Web.Features.Search;

/// <summary>The period choices of the search filters, as days back from now.</summary>
public enum SearchPeriod
{
    AnyTime = 0,
    Week = 7,
    Month = 30,
    Quarter = 90,
    Year = 365,
}

public static class SearchPeriods
{
    public static string Label(SearchPeriod period) => period switch
    {
        SearchPeriod.Week => "Past 7 days",
        SearchPeriod.Month => "Past 30 days",
        SearchPeriod.Quarter => "Past 90 days",
        SearchPeriod.Year => "Past year",
        _ => "Any time",
    };

    public static DateTime? From(SearchPeriod period, DateTime now) => period == SearchPeriod.AnyTime ? null : now.AddDays(-(int)period);
}
