namespace AdPilot.Core.Training.OffPolicy;

/// <summary>The estimators' check in the simulator (<see cref="OffPolicyValidation"/>).</summary>
/// <param name="Seeds">The worlds drawn.</param>
/// <param name="DecisionsPerSeed">The logged decisions per world, on average.</param>
/// <param name="MeanTruth">The target policy's true value per decision, averaged over the worlds.</param>
/// <param name="Estimators">IPS, SNIPS and DR, in that order.</param>
public sealed record OffPolicyValidationReport(int Seeds, double DecisionsPerSeed, double MeanTruth, IReadOnlyList<EstimatorCoverage> Estimators);
