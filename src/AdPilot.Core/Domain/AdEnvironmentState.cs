namespace AdPilot.Core.Domain;

/// <summary>
/// What a policy sees of one ad set at the start of one hour (guide §7). The simulator and the production
/// featurizer produce the same fields with the same meaning. Money fields are in the store currency as
/// <see cref="double"/>: this is a feature vector for learning, not money at rest.
/// </summary>
/// <param name="DayOfWeek">Day of week in the store's time zone.</param>
/// <param name="HourOfDay">Hour of day (0–23) in the store's time zone.</param>
/// <param name="CurrentBudget">The ad set's daily budget.</param>
/// <param name="TargetAgeGroup">Targeted age band.</param>
/// <param name="TargetInterests">Targeted interests.</param>
/// <param name="CreativeType">The active creative group.</param>
/// <param name="Platform">The platform.</param>
/// <param name="HistoricalCtr">Exponentially weighted clicks ÷ impressions.</param>
/// <param name="HistoricalCvr">Exponentially weighted purchases ÷ clicks.</param>
/// <param name="CompetitorActivity">
/// CPM-delta proxy: the last hour's CPM against the ad set's own trailing CPM, minus one
/// (0 = usual, 0.2 = auctions 20% dearer than usual).
/// </param>
/// <param name="Seasonality">Hour-of-week demand factor (1 = an average hour).</param>
/// <param name="BidStrategy">The active bid strategy.</param>
/// <param name="Status">Whether the ad set delivers.</param>
/// <param name="SpendLast24Hours">Spend over the trailing 24 hours.</param>
/// <param name="RevenueLast24Hours">Shopify revenue attributed to the ad set over the trailing 24 hours.</param>
/// <param name="InLearningPhase">Whether the platform reports the ad set in its learning phase.</param>
public readonly record struct AdEnvironmentState(
    DayOfWeek DayOfWeek,
    int HourOfDay,
    double CurrentBudget,
    AgeGroup TargetAgeGroup,
    Interests TargetInterests,
    CreativeType CreativeType,
    Platform Platform,
    double HistoricalCtr,
    double HistoricalCvr,
    double CompetitorActivity,
    double Seasonality,
    BidStrategy BidStrategy,
    AdSetStatus Status,
    double SpendLast24Hours,
    double RevenueLast24Hours,
    bool InLearningPhase)
{
    /// <summary>Gets the trailing 24-hour ROAS (revenue ÷ spend), or 0 without spend.</summary>
    public double RoasLast24Hours => SpendLast24Hours > 0 ? RevenueLast24Hours / SpendLast24Hours : 0;
}
