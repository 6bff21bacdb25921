using AdPilot.Core.Domain;

namespace AdPilot.Core.Training.OffPolicy;

/// <summary>
/// The reward model's features of a state and a proposed action. A day's profit scales with the budget, so the state's
/// features are the budget, the trailing day's spend and revenue, and the budget times the trailing ROAS, the funnel
/// (CTR × CVR), the learning phase, the platform, competitor pressure and seasonality; the action enters as its budget
/// move times the budget, the trailing revenue, the budget times ROAS and the funnel, the squared move times the budget,
/// and whether it pauses (times the budget and the trailing revenue).
/// </summary>
public static class RewardFeatures
{
    /// <summary>The number of features.</summary>
    public const int Count = 16;

    /// <summary>The features.</summary>
    /// <param name="state">The state decided in.</param>
    /// <param name="action">The action.</param>
    /// <returns><see cref="Count"/> values.</returns>
    public static double[] Of(in AdEnvironmentState state, in AdAction action)
    {
        var budget = state.CurrentBudget;
        var spend = state.SpendLast24Hours;
        var revenue = state.RevenueLast24Hours;
        var roas = state.RoasLast24Hours;
        var funnel = budget * state.HistoricalCtr * state.HistoricalCvr;
        var move = action.Status == AdSetStatus.Paused ? 0 : action.BudgetAdjustment;
        var pause = action.Status == AdSetStatus.Paused && state.Status != AdSetStatus.Paused ? 1.0 : 0.0;
        return
        [
            budget,
            spend,
            revenue,
            budget * roas,
            funnel,
            state.InLearningPhase ? budget : 0,
            state.Platform == Platform.TikTok ? budget : 0,
            budget * state.CompetitorActivity,
            budget * state.Seasonality,
            move * budget,
            move * revenue,
            move * budget * roas,
            move * funnel,
            move * move * budget,
            pause * budget,
            pause * revenue,
        ];
    }
}
