using ScottPlot;

namespace ConcurrencyBench.Reporting;

/// <summary>The tick maths of the charts' log axes (ScottPlot has no log axis type: an axis holds log10 of the data).</summary>
internal static class ChartTicks
{
    /// <summary>
    /// Power-of-ten ticks for an axis that holds log10 of the data, chosen from the axis range (set it first, or
    /// autoscale): 1 per decade over wide ranges, 1-2-5 over a few decades, finer steps within one decade, and evenly
    /// spaced values over a range too narrow for those; minor ticks between. Each label names the value at its position
    /// (<paramref name="format"/> of the value and a number of significant figures, 3 or as many as tell neighbours apart).
    /// </summary>
    internal static void LogTicks(IAxis axis, Func<double, int, string> format)
    {
        var range = axis.Range;
        double low = Math.Min(range.Min, range.Max), high = Math.Max(range.Min, range.Max);
        // An axis with nothing on it autoscales to (+inf, -inf): there are no decades to tick (looping over them once ran
        // a report of a lone trending case out of memory). Log10 of any double lies within ±400.
        if (!double.IsFinite(low) || !double.IsFinite(high) || high - low > 1000)
        {
            return;
        }
        double span = high - low;
        double[] mantissas = span >= 3 ? [1] : span >= 1 ? [1, 2, 5] : span >= 0.4 ? [1, 1.5, 2, 3, 5, 7] : [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8];
        var majors = new List<double>();
        var minors = new List<double>();
        for (int decade = (int)Math.Floor(low) - 1; decade <= (int)Math.Ceiling(high); decade++)
        {
            foreach (double mantissa in mantissas)
            {
                double position = decade + Math.Log10(mantissa);
                if (position >= low - 1e-9 && position <= high + 1e-9)
                {
                    majors.Add(position);
                }
            }
            for (int minor = 2; minor <= 9; minor++)
            {
                double position = decade + Math.Log10(minor);
                if (position >= low && position <= high)
                {
                    minors.Add(position);
                }
            }
        }
        if (majors.Count < 3 && span > 0)
        {
            // A range too narrow for even the finest mantissas: evenly spaced values.
            majors.Clear();
            minors.Clear();
            double from = Math.Pow(10, low), to = Math.Pow(10, high);
            double step = NiceStep((to - from) / 4);
            for (double value = Math.Ceiling(from / step) * step; value <= to + (step * 1e-9); value += step)
            {
                majors.Add(Math.Log10(value));
            }
        }
        // Three significant figures, or as many as it takes for neighbouring labels to differ (4.99 s, 5.00 s, 5.01 s).
        int digits = 3;
        while (digits < 6 && majors.Select(p => format(Math.Pow(10, p), digits)).Distinct(StringComparer.Ordinal).Count() < majors.Count)
        {
            digits++;
        }
        var generator = new ScottPlot.TickGenerators.NumericManual();
        foreach (double position in majors)
        {
            generator.AddMajor(position, format(Math.Pow(10, position), digits));
        }
        foreach (double position in minors)
        {
            generator.AddMinor(position);
        }
        axis.TickGenerator = generator;
    }

    // 1, 2 or 5 times a power of ten, the nearest at or below the rough step.
    private static double NiceStep(double rough)
    {
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        double fraction = rough / magnitude;
        return (fraction >= 5 ? 5 : fraction >= 2 ? 2 : 1) * magnitude;
    }

    /// <summary>
    /// Ticks at exactly the values a parameter was swept over, each labelled (<paramref name="format"/> to three
    /// figures), on an axis that holds log10 of the parameter: a reader finds every measured N, k, C or rate by its
    /// label, and no label names a value that was not measured. Minor ticks mark the decades' 2..9 between.
    /// </summary>
    internal static void SweptTicks(IAxis axis, IEnumerable<double> values, Func<double, int, string> format)
    {
        ArgumentNullException.ThrowIfNull(axis);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(format);
        var swept = values.Where(v => v > 0 && double.IsFinite(v)).Distinct().Order().ToList();
        if (swept.Count == 0)
        {
            return;
        }
        var generator = new ScottPlot.TickGenerators.NumericManual();
        foreach (double value in swept)
        {
            generator.AddMajor(Math.Log10(value), format(value, 3));
        }
        double low = Math.Log10(swept[0]), high = Math.Log10(swept[^1]);
        for (int decade = (int)Math.Floor(low); decade <= (int)Math.Ceiling(high); decade++)
        {
            for (int minor = 1; minor <= 9; minor++)
            {
                double position = decade + Math.Log10(minor);
                if (position > low && position < high && !swept.Any(v => Math.Abs(Math.Log10(v) - position) < 1e-9))
                {
                    generator.AddMinor(position);
                }
            }
        }
        axis.TickGenerator = generator;
    }
}
