namespace AdPilot.Core.Features;

/// <summary>
/// The scales the simulator and the production featurizer share, so a state means the same thing in both: the
/// half-lives of the observed rates and of the CPM baseline, and the default account prior with its weights.
/// </summary>
public static class FeatureScales
{
    /// <summary>The half-life, in hours, of the exponentially weighted CTR and CVR (three days).</summary>
    public const double ObservedHalfLifeHours = 72;

    /// <summary>The half-life of the CPM baseline, counted in hours that served impressions (one week of them).</summary>
    public const double CpmBaselineHalfLifeHours = 168;

    /// <summary>The CTR a new ad set is assumed to have before its own data speaks (1%).</summary>
    public const double DefaultPriorCtr = 0.01;

    /// <summary>The CVR (purchases ÷ clicks) a new ad set is assumed to have (2%).</summary>
    public const double DefaultPriorCvr = 0.02;

    /// <summary>The weight of the CTR prior, in impressions: an ad set's own CTR counts half once it has this many.</summary>
    public const double CtrPriorImpressions = 2_000;

    /// <summary>The weight of the CVR prior, in clicks: an ad set's own CVR counts half once it has this many.</summary>
    public const double CvrPriorClicks = 200;
}
