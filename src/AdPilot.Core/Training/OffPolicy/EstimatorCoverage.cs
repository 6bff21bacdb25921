namespace AdPilot.Core.Training.OffPolicy;

/// <summary>How one estimator did against the simulator's truth over many worlds.</summary>
/// <param name="Name">The estimator: <c>ips</c>, <c>snips</c> or <c>dr</c>.</param>
/// <param name="Coverage">The share of worlds whose 95% interval held the true value (a world without an interval counts as a miss).</param>
/// <param name="Bias">The mean of estimate − truth, per decision, in the store currency.</param>
/// <param name="Rmse">The root mean square of estimate − truth.</param>
/// <param name="MeanWidth">The mean width of the interval.</param>
/// <param name="Worlds">The worlds with an interval.</param>
public sealed record EstimatorCoverage(string Name, double Coverage, double Bias, double Rmse, double MeanWidth, int Worlds);
