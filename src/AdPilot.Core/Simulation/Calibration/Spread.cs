namespace AdPilot.Core.Simulation.Calibration;

/// <summary>The middle and the spread of a distribution: its 10th percentile, median and 90th percentile.</summary>
/// <param name="P10">The 10th percentile.</param>
/// <param name="Median">The median.</param>
/// <param name="P90">The 90th percentile.</param>
public readonly record struct Spread(double P10, double Median, double P90)
{
    /// <summary>The spread of some values.</summary>
    /// <param name="values">The values.</param>
    /// <returns>Their 10th percentile, median and 90th percentile (NaN without values).</returns>
    public static Spread Of(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var list = values.ToList();
        return new Spread(
            CalibrationStatistics.Percentile(list, 0.1),
            CalibrationStatistics.Percentile(list, 0.5),
            CalibrationStatistics.Percentile(list, 0.9));
    }
}
