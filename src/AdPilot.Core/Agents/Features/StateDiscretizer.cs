using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;

namespace AdPilot.Core.Agents.Features;

/// <summary>
/// The tabular Q-learner's view of a state: a handful of coarse buckets whose product is the table's row. Coarse on
/// purpose — a store makes a few hundred decisions a week, and every extra bucket divides the experience each row gets.
/// </summary>
/// <remarks>
/// Buckets: part of the day (night 0–5, morning 6–11, afternoon 12–17, evening 18–23: 4); trailing-24 h ROAS
/// (none/below 1, 1–1.5, 1.5–2.5, 2.5–4, above 4: 5); budget against the starting one (below ½, ½–0.85, 0.85–1.2,
/// 1.2–2, above 2: 5); learning phase (2); competitor activity (cheaper than usual below −0.1, usual, dearer above
/// 0.1: 3); seasonality (quiet below 0.8, usual, busy above 1.2: 3). 4 × 5 × 5 × 2 × 3 × 3 = 1,800 rows.
/// </remarks>
public static class StateDiscretizer
{
    /// <summary>The number of distinct rows.</summary>
    public const int StateCount = 4 * 5 * 5 * 2 * 3 * 3;

    /// <summary>The row of a state.</summary>
    /// <param name="state">The state.</param>
    /// <param name="adSet">The ad set's starting budget.</param>
    /// <returns>A row in [0, <see cref="StateCount"/>).</returns>
    public static int Discretize(in AdEnvironmentState state, AdSetDescriptor adSet)
    {
        ArgumentNullException.ThrowIfNull(adSet);
        var partOfDay = state.HourOfDay / 6;
        var roas = state.RoasLast24Hours switch
        {
            < 1 => 0,
            < 1.5 => 1,
            < 2.5 => 2,
            < 4 => 3,
            _ => double.IsNaN(state.RoasLast24Hours) ? 0 : 4,
        };
        var budgetRatio = state.CurrentBudget / Math.Max(adSet.StartingDailyBudget, 1e-9);
        var budget = budgetRatio switch
        {
            < 0.5 => 0,
            < 0.85 => 1,
            < 1.2 => 2,
            < 2 => 3,
            _ => 4,
        };
        var learning = state.InLearningPhase ? 1 : 0;
        var competitor = state.CompetitorActivity < -0.1 ? 0 : state.CompetitorActivity > 0.1 ? 2 : 1;
        var season = state.Seasonality < 0.8 ? 0 : state.Seasonality > 1.2 ? 2 : 1;
        return (((((((((partOfDay * 5) + roas) * 5) + budget) * 2) + learning) * 3) + competitor) * 3) + season;
    }
}
