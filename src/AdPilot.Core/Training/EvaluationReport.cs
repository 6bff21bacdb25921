namespace AdPilot.Core.Training;

/// <summary>
/// Policies measured on the same held-out scenarios with common random numbers, the oracle first: the figures the
/// field judges a policy by (profit as a fraction of the oracle's) and the paired comparison with the best baseline.
/// </summary>
/// <param name="Scenarios">The number of scenarios.</param>
/// <param name="Days">Days simulated per scenario.</param>
/// <param name="Policies">Every policy, the oracle first, then in the order given.</param>
/// <param name="BestBaseline">The baseline with the highest total profit.</param>
/// <param name="CandidateMinusBestBaseline">
/// The candidate's mean per-scenario profit minus the best baseline's, with a paired bootstrap interval over scenarios;
/// null when no candidate was evaluated.
/// </param>
public sealed record EvaluationReport(
    int Scenarios,
    int Days,
    IReadOnlyList<EvaluatedPolicy> Policies,
    string BestBaseline,
    BootstrapInterval? CandidateMinusBestBaseline);
