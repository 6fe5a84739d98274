namespace CommHub.Core.Analytics;

public static class Percentiles
{
    /// <summary>Linear interpolation between closest ranks (PERCENTILE.INC): the median of 1, 2, 3, 4 is 2.5.</summary>
    public static double? Of(IReadOnlyList<int> sorted, double p)
    {
        if (sorted.Count == 0) return null;
        var rank = p * (sorted.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, sorted.Count - 1);
        return sorted[low] + (rank - low) * (sorted[high] - sorted[low]);
    }

    public static DurationStat Stat(IEnumerable<int> seconds)
    {
        var sorted = seconds.Order().ToList();
        return new DurationStat(sorted.Count, Of(sorted, 0.5), Of(sorted, 0.9));
    }
}
