using System.Diagnostics;

namespace CommHub.Benchmarks;

/// <summary>One measured service call; returns how many rows it produced, so the table shows what was timed.</summary>
internal sealed record Case(string Name, Func<Task<int>> Run);

internal sealed record Figure(string Name, int Rows, double P50, double P95);

internal static class Measure
{
    /// <summary>
    /// Every case runs once per round, in turn, so noise from other work on a shared machine falls on all figures
    /// alike instead of on whichever happened to be running at the time; ratios between figures stay meaningful.
    /// </summary>
    public static async Task<IReadOnlyList<Figure>> RoundRobinAsync(IReadOnlyList<Case> cases, int warmup, int iterations)
    {
        var samples = cases.Select(_ => new double[iterations]).ToArray();
        var rows = new int[cases.Count];
        for (var round = 0; round < warmup + iterations; round++)
        {
            for (var c = 0; c < cases.Count; c++)
            {
                var start = Stopwatch.GetTimestamp();
                rows[c] = await cases[c].Run();
                var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (round >= warmup) samples[c][round - warmup] = elapsed;
            }
        }
        return cases.Select((c, i) => new Figure(c.Name, rows[i], Percentile(samples[i], 0.50), Percentile(samples[i], 0.95))).ToList();
    }

    /// <summary>Nearest-rank percentile: a value that was actually measured.</summary>
    private static double Percentile(double[] values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
