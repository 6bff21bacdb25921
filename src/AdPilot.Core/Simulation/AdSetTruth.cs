using AdPilot.Core.Domain;

namespace AdPilot.Core.Simulation;

/// <summary>An ad set's hidden platform state, which only the simulator (and so the oracle) can see.</summary>
/// <param name="DailyBudget">The daily budget in force.</param>
/// <param name="Creative">The running creative group.</param>
/// <param name="Learning">Whether the ad set is in its learning phase.</param>
/// <param name="LearningConversions">Conversions since learning last restarted.</param>
/// <param name="LearningHours">Hours since learning last restarted.</param>
/// <param name="BudgetReference">The budget that budget changes are measured against for the learning threshold.</param>
/// <param name="HoursSinceCreativeChange">Hours since the last creative rotation.</param>
/// <param name="SpentToday">Spend so far in the local day.</param>
/// <param name="Fatigue">The running creative's fatigue multiplier (1 = fresh).</param>
/// <param name="Platform">The platform's delivery rules.</param>
public sealed record AdSetTruth(
    double DailyBudget,
    CreativeType Creative,
    bool Learning,
    double LearningConversions,
    int LearningHours,
    double BudgetReference,
    int HoursSinceCreativeChange,
    double SpentToday,
    double Fatigue,
    PlatformParameters Platform);
