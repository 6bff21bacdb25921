namespace AdPilot.Core.Features;

/// <summary>
/// What an ad set's CTR and CVR are believed to be before its own data: the account's rates, and how many
/// impressions (for CTR) and clicks (for CVR) of the ad set's own data weigh as much as them.
/// </summary>
/// <param name="Ctr">The account's clicks ÷ impressions.</param>
/// <param name="CtrWeightImpressions">The CTR prior's weight, in impressions.</param>
/// <param name="Cvr">The account's purchases ÷ clicks.</param>
/// <param name="CvrWeightClicks">The CVR prior's weight, in clicks.</param>
public readonly record struct AccountPrior(double Ctr, double CtrWeightImpressions, double Cvr, double CvrWeightClicks)
{
    /// <summary>Gets the prior the simulator uses: CTR 1% worth 2,000 impressions, CVR 2% worth 200 clicks.</summary>
    public static AccountPrior Default { get; } = new(
        FeatureScales.DefaultPriorCtr, FeatureScales.CtrPriorImpressions, FeatureScales.DefaultPriorCvr, FeatureScales.CvrPriorClicks);

    /// <summary>
    /// The prior of an account from its totals over a recent window (all its ad sets), each rate itself shrunk
    /// toward <see cref="Default"/>'s so a new account starts from the defaults; the weights are the defaults'.
    /// </summary>
    /// <param name="impressions">The account's impressions.</param>
    /// <param name="clicks">Its clicks.</param>
    /// <param name="purchases">Its attributed purchases.</param>
    /// <returns>The prior.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A total is negative or not finite.</exception>
    public static AccountPrior FromTotals(double impressions, double clicks, double purchases)
    {
        var d = Default;
        var ctr = ShrunkEwma.Rate([new RateObservation(0, clicks, impressions)], d.Ctr, d.CtrWeightImpressions, 1);
        var cvr = ShrunkEwma.Rate([new RateObservation(0, purchases, clicks)], d.Cvr, d.CvrWeightClicks, 1);
        return d with { Ctr = ctr, Cvr = cvr };
    }

    /// <summary>The names of the fields that are out of range, with why.</summary>
    /// <returns>The errors; empty when valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        Check(Ctr, nameof(Ctr));
        Check(CtrWeightImpressions, nameof(CtrWeightImpressions));
        Check(Cvr, nameof(Cvr));
        Check(CvrWeightClicks, nameof(CvrWeightClicks));
        return errors;

        void Check(double value, string name)
        {
            if (!double.IsFinite(value) || value < 0)
            {
                errors.Add($"{name} must be a finite number ≥ 0, got {value}");
            }
        }
    }
}
