namespace AdPilot.Core.Features;

/// <summary>
/// A store's demand by local hour of the week, as factors that average 1 over the 168 hours: the meaning of
/// <see cref="Domain.AdEnvironmentState.Seasonality"/> in the simulator, where orders arrive at a rate proportional
/// to it. Index 0 is Sunday 00:00–01:00 local.
/// </summary>
public sealed class SeasonalityTable
{
    private readonly double[] _factors;

    private SeasonalityTable(double[] factors, bool learned)
    {
        _factors = factors;
        IsLearned = learned;
    }

    /// <summary>Gets a table of ones, for a store whose history is too short to learn from.</summary>
    public static SeasonalityTable Flat { get; } = new(Enumerable.Repeat(1.0, LocalHour.HoursPerWeek).ToArray(), learned: false);

    /// <summary>Gets a value indicating whether the factors were learned from orders (false: the flat fallback).</summary>
    public bool IsLearned { get; }

    /// <summary>Gets the 168 factors, Sunday 00:00 local first.</summary>
    public IReadOnlyList<double> Factors => _factors;

    /// <summary>A table from 168 factors, rescaled to average exactly 1.</summary>
    /// <param name="factors">The factors, positive, Sunday 00:00 local first.</param>
    /// <returns>The table.</returns>
    /// <exception cref="ArgumentException">There are not 168 factors, or one is negative, not finite, or all are zero.</exception>
    public static SeasonalityTable FromFactors(IReadOnlyList<double> factors)
    {
        ArgumentNullException.ThrowIfNull(factors);
        if (factors.Count != LocalHour.HoursPerWeek || factors.Any(f => !double.IsFinite(f) || f < 0) || !(factors.Sum() > 0))
        {
            throw new ArgumentException("expected 168 finite factors ≥ 0, not all zero", nameof(factors));
        }

        var mean = factors.Average();
        return new SeasonalityTable(factors.Select(f => f / mean).ToArray(), learned: true);
    }

    /// <summary>The factor of an hour of the week.</summary>
    /// <param name="hourOfWeek">0–167, from Sunday 00:00 local.</param>
    /// <returns>The factor.</returns>
    public double Factor(int hourOfWeek)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(hourOfWeek);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(hourOfWeek, LocalHour.HoursPerWeek);
        return _factors[hourOfWeek];
    }

    /// <summary>The factor of the local hour an instant falls in.</summary>
    /// <param name="utc">The instant.</param>
    /// <param name="zone">The store's time zone.</param>
    /// <returns>The factor.</returns>
    public double FactorAt(DateTimeOffset utc, TimeZoneInfo zone) => _factors[LocalHour.FromUtc(utc, zone).HourOfWeek];
}
