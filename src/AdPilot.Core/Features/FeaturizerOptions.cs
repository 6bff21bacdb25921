namespace AdPilot.Core.Features;

/// <summary>The featurizer's settings. The defaults are the simulator's, so its states and the featurizer's mean the same.</summary>
public sealed class FeaturizerOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Features";

    /// <summary>Gets or sets the half-life of the CTR's and CVR's hourly weights, in hours.</summary>
    /// <value>The default value is 72 hours (<see cref="FeatureScales.ObservedHalfLifeHours"/>).</value>
    public double RateHalfLifeHours { get; set; } = FeatureScales.ObservedHalfLifeHours;

    /// <summary>Gets or sets the half-life of the CPM baseline, in hours that served impressions.</summary>
    /// <value>The default value is 168 hours (<see cref="FeatureScales.CpmBaselineHalfLifeHours"/>).</value>
    public double CpmBaselineHalfLifeHours { get; set; } = FeatureScales.CpmBaselineHalfLifeHours;

    /// <summary>Gets or sets how many hours with impressions the CPM baseline needs before competitor activity reads other than 0.</summary>
    /// <value>The default value is 1 (the simulator's warm start; the latest hour alone reads 0).</value>
    public int CompetitorMinimumHours { get; set; } = 1;

    /// <summary>
    /// Gets or sets how far back history is read, in hours; older rows are ignored. At the defaults a row this old
    /// weighs 2^−18 in the rates and 2^−8 (0.4%) in the CPM baseline, so cutting it off changes nothing that matters even when
    /// prices trend.
    /// </summary>
    /// <value>The default value is 1,344 hours (eight weeks).</value>
    public int HistoryHours { get; set; } = 24 * 56;

    /// <summary>The names of the settings that are out of range, with why.</summary>
    /// <returns>The errors; empty when valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!double.IsFinite(RateHalfLifeHours) || RateHalfLifeHours <= 0)
        {
            errors.Add($"{nameof(RateHalfLifeHours)} must be a finite number of hours > 0, got {RateHalfLifeHours}");
        }

        if (!double.IsFinite(CpmBaselineHalfLifeHours) || CpmBaselineHalfLifeHours <= 0)
        {
            errors.Add($"{nameof(CpmBaselineHalfLifeHours)} must be a finite number of hours > 0, got {CpmBaselineHalfLifeHours}");
        }

        if (CompetitorMinimumHours < 1)
        {
            errors.Add($"{nameof(CompetitorMinimumHours)} must be at least 1, got {CompetitorMinimumHours}");
        }

        if (HistoryHours < 24)
        {
            errors.Add($"{nameof(HistoryHours)} must be at least 24 (the trailing-day window), got {HistoryHours}");
        }

        return errors;
    }
}
