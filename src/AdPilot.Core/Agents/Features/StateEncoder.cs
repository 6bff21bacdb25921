using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;

namespace AdPilot.Core.Agents.Features;

/// <summary>
/// Turns what a policy sees of one ad set into a fixed-length vector of roughly unit-scale features, the input of
/// the bandit's linear model and the DQN's network. Every feature is computable in production from the featurizer's
/// state, so a policy trained in the simulator reads the same inputs live.
/// </summary>
/// <remarks>
/// The features, in order: a bias; hour of day and day of week as points on circles (sin, cos); the budget against
/// the one people had set, and its headroom to the min and max (logs); observed CTR and CVR against typical levels
/// (logs); competitor activity (clamped to ±1); seasonality (log); trailing-24 h ROAS (log1p) and the share of the
/// budget spent in that window; learning and paused flags; the platform, creative group and bid strategy one-hot.
/// </remarks>
public static class StateEncoder
{
    /// <summary>The number of features.</summary>
    public const int Length = 28;

    private const double TypicalCtr = 0.01;
    private const double TypicalCvr = 0.03;

    /// <summary>Gets the name of each feature, in vector order (for logs and checkpoints).</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "bias", "hour_sin", "hour_cos", "weekday_sin", "weekday_cos",
        "log_budget_vs_start", "log_budget_over_min", "log_max_over_budget",
        "log_ctr_vs_typical", "log_cvr_vs_typical", "competitor_activity", "log_seasonality",
        "log1p_roas_24h", "spend_24h_share_of_budget", "learning", "paused",
        "platform_tiktok", "platform_instagram",
        "creative_ugc", "creative_lifestyle", "creative_product", "creative_discount",
        "bid_lowest_cost", "bid_cost_cap", "bid_bid_cap",
        "log_min_over_start", "log_max_over_start", "hours_to_day_end",
    ];

    /// <summary>Writes the features of one ad set's state.</summary>
    /// <param name="state">The state.</param>
    /// <param name="adSet">The ad set's budget range and starting budget.</param>
    /// <param name="features">Receives <see cref="Length"/> values.</param>
    /// <exception cref="ArgumentException"><paramref name="features"/> is shorter than <see cref="Length"/>.</exception>
    public static void Encode(in AdEnvironmentState state, AdSetDescriptor adSet, Span<double> features)
    {
        ArgumentNullException.ThrowIfNull(adSet);
        if (features.Length < Length)
        {
            throw new ArgumentException($"needs room for {Length} features, got {features.Length}", nameof(features));
        }

        var budget = Math.Max(state.CurrentBudget, 1e-9);
        var start = Math.Max(adSet.StartingDailyBudget, 1e-9);
        var hourAngle = 2 * Math.PI * state.HourOfDay / 24;
        var dayAngle = 2 * Math.PI * (int)state.DayOfWeek / 7;

        features[0] = 1;
        features[1] = Math.Sin(hourAngle);
        features[2] = Math.Cos(hourAngle);
        features[3] = Math.Sin(dayAngle);
        features[4] = Math.Cos(dayAngle);
        features[5] = Math.Log(budget / start);
        features[6] = Math.Log(budget / Math.Max(adSet.MinDailyBudget, 1e-9));
        features[7] = Math.Log(Math.Max(adSet.MaxDailyBudget, 1e-9) / budget);
        features[8] = SafeLog(state.HistoricalCtr / TypicalCtr);
        features[9] = SafeLog(state.HistoricalCvr / TypicalCvr);
        features[10] = Math.Clamp(Finite(state.CompetitorActivity), -1, 1);
        features[11] = SafeLog(state.Seasonality);
        features[12] = Math.Log(1 + Math.Clamp(Finite(state.RoasLast24Hours), 0, 100));
        features[13] = Math.Clamp(Finite(state.SpendLast24Hours / budget), 0, 3);
        features[14] = state.InLearningPhase ? 1 : 0;
        features[15] = state.Status == AdSetStatus.Paused ? 1 : 0;
        features[16] = state.Platform == Platform.TikTok ? 1 : 0;
        features[17] = state.Platform == Platform.Instagram ? 1 : 0;
        features[18] = state.CreativeType == CreativeType.Ugc ? 1 : 0;
        features[19] = state.CreativeType == CreativeType.Lifestyle ? 1 : 0;
        features[20] = state.CreativeType == CreativeType.Product ? 1 : 0;
        features[21] = state.CreativeType == CreativeType.Discount ? 1 : 0;
        features[22] = state.BidStrategy.Kind == BidStrategyKind.LowestCost ? 1 : 0;
        features[23] = state.BidStrategy.Kind == BidStrategyKind.CostCap ? 1 : 0;
        features[24] = state.BidStrategy.Kind == BidStrategyKind.BidCap ? 1 : 0;
        features[25] = Math.Log(Math.Max(adSet.MinDailyBudget, 1e-9) / start);
        features[26] = Math.Log(Math.Max(adSet.MaxDailyBudget, 1e-9) / start);
        features[27] = (24 - state.HourOfDay) / 24.0;
    }

    private static double Finite(double value) => double.IsFinite(value) ? value : 0;

    // Logs of ratios, bounded so one wild observation cannot dominate a linear model: e^±5 is ×/÷ 148.
    private static double SafeLog(double ratio) => ratio > 0 && double.IsFinite(ratio) ? Math.Clamp(Math.Log(ratio), -5, 5) : -5;
}
