namespace AdPilot.Core.Experiments;

/// <summary>What a targeting experiment found.</summary>
/// <param name="Winner">The arm to keep: the copy only when it beat the original significantly and by the minimum lift.</param>
/// <param name="Significant">Whether the difference is significant at the test's level.</param>
/// <param name="PValue">The paired t-test's two-sided p-value; null with fewer than two blocks or no variation.</param>
/// <param name="Blocks">The blocks compared.</param>
/// <param name="OriginalProfit">The original's profit over the blocks compared.</param>
/// <param name="CopyProfit">The copy's profit over the blocks compared.</param>
/// <param name="OriginalPerBudget">The original's profit per unit of daily budget per day.</param>
/// <param name="CopyPerBudget">The copy's profit per unit of daily budget per day.</param>
/// <param name="Explanation">The verdict in a sentence, for people and the action log.</param>
public sealed record ExperimentVerdict(
    ExperimentArm Winner,
    bool Significant,
    double? PValue,
    int Blocks,
    decimal OriginalProfit,
    decimal CopyProfit,
    double OriginalPerBudget,
    double CopyPerBudget,
    string Explanation);
