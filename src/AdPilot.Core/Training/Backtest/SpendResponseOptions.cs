namespace AdPilot.Core.Training.Backtest;

/// <summary>
/// The priors and search ranges of <see cref="SpendResponseCurve.Fit"/>. Saturation is expressed as a multiple of the ad
/// set's typical hourly spend (its mean over the hours it spent), so one prior fits small and large ad sets alike.
/// </summary>
public sealed class SpendResponseOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "SpendResponse";

    /// <summary>
    /// Gets or sets the prior's spread of an ad set's ROAS at its typical spend around the account's, as a fraction of the
    /// account's: the smaller, the harder ad sets with little data are pulled to the account.
    /// </summary>
    /// <value>The default value is 0.5 (an ad set's ROAS is a priori within ±50% of the account's about two times in three).</value>
    public double RoasPriorRelativeSd { get; set; } = 0.5;

    /// <summary>Gets or sets the prior's standard deviation of an ad set's log saturation multiple around the account's.</summary>
    /// <value>The default value is 0.75 (a factor of about 2.1 either way).</value>
    public double SaturationPriorLogSd { get; set; } = 0.75;

    /// <summary>
    /// Gets or sets the account's prior saturation multiple: the spend, in multiples of typical spend, at which ROAS has
    /// halved, before any data is seen.
    /// </summary>
    /// <value>The default value is 2 (spend twice the usual hourly amount returns two thirds of the ROAS of the first dollar).</value>
    public double AccountSaturationPrior { get; set; } = 2;

    /// <summary>Gets or sets the standard deviation of the account's log saturation multiple around <see cref="AccountSaturationPrior"/>.</summary>
    /// <value>The default value is 1.5 (weak: the account's data decide).</value>
    public double AccountSaturationPriorLogSd { get; set; } = 1.5;

    /// <summary>Gets or sets the smallest saturation multiple searched.</summary>
    /// <value>The default value is 0.05.</value>
    public double MinSaturationMultiple { get; set; } = 0.05;

    /// <summary>Gets or sets the largest saturation multiple searched (at which the curve is nearly a straight line over the data).</summary>
    /// <value>The default value is 100.</value>
    public double MaxSaturationMultiple { get; set; } = 100;

    /// <summary>Gets or sets how many log-spaced saturation multiples the search starts from before it refines the best.</summary>
    /// <value>The default value is 25 (a step of about 0.32 in log κ, refined to 0.001).</value>
    public int GridPoints { get; set; } = 25;

    /// <summary>
    /// Gets or sets the strength of the hour-of-day profile's pull toward a flat profile, in average hours of expected
    /// revenue: an hour of the day seen rarely keeps a factor near 1.
    /// </summary>
    /// <value>The default value is 6.</value>
    public double HourProfilePseudoHours { get; set; } = 6;

    /// <summary>
    /// Gets or sets the radius, in hours, of the triangular kernel the hour-of-day profile is smoothed with around the
    /// day's circle (radius 1 weighs the neighbours ½ as much as the hour itself): hourly demand changes smoothly, and
    /// one hour of the day holds a 24th of the data.
    /// </summary>
    /// <value>The default value is 1; 0 switches smoothing off.</value>
    public int HourProfileSmoothingRadius { get; set; } = 1;

    /// <summary>
    /// Gets or sets the pseudo-hours that pull an ad set's residual variance toward the account's (scaled to its spend), so
    /// an ad set with a few lucky hours is not believed too much.
    /// </summary>
    /// <value>The default value is 24.</value>
    public double VariancePseudoHours { get; set; } = 24;

    /// <summary>Gets or sets how many rounds alternate between the curves and the hour-of-day profile.</summary>
    /// <value>The default value is 8.</value>
    public int Iterations { get; set; } = 8;

    /// <summary>The names of the settings that are out of range, with why.</summary>
    /// <returns>The errors; empty when valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        Positive(RoasPriorRelativeSd, nameof(RoasPriorRelativeSd));
        Positive(SaturationPriorLogSd, nameof(SaturationPriorLogSd));
        Positive(AccountSaturationPrior, nameof(AccountSaturationPrior));
        Positive(AccountSaturationPriorLogSd, nameof(AccountSaturationPriorLogSd));
        Positive(MinSaturationMultiple, nameof(MinSaturationMultiple));
        Positive(MaxSaturationMultiple, nameof(MaxSaturationMultiple));
        if (MaxSaturationMultiple <= MinSaturationMultiple)
        {
            errors.Add($"{nameof(MaxSaturationMultiple)} must exceed {nameof(MinSaturationMultiple)}, got {MaxSaturationMultiple} ≤ {MinSaturationMultiple}");
        }

        if (GridPoints < 5)
        {
            errors.Add($"{nameof(GridPoints)} must be at least 5, got {GridPoints}");
        }

        if (!double.IsFinite(HourProfilePseudoHours) || HourProfilePseudoHours < 0)
        {
            errors.Add($"{nameof(HourProfilePseudoHours)} must be a finite number ≥ 0, got {HourProfilePseudoHours}");
        }

        if (!double.IsFinite(VariancePseudoHours) || VariancePseudoHours < 0)
        {
            errors.Add($"{nameof(VariancePseudoHours)} must be a finite number ≥ 0, got {VariancePseudoHours}");
        }

        if (HourProfileSmoothingRadius is < 0 or > 11)
        {
            errors.Add($"{nameof(HourProfileSmoothingRadius)} must be between 0 and 11 hours, got {HourProfileSmoothingRadius}");
        }

        if (Iterations < 1)
        {
            errors.Add($"{nameof(Iterations)} must be at least 1, got {Iterations}");
        }

        return errors;

        void Positive(double value, string name)
        {
            if (!double.IsFinite(value) || value <= 0)
            {
                errors.Add($"{name} must be a finite number > 0, got {value}");
            }
        }
    }
}
