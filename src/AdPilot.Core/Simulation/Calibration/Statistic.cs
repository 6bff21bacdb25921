namespace AdPilot.Core.Simulation.Calibration;

/// <summary>A statistic and how many units (ads, interests, week-to-week changes) it was computed over.</summary>
/// <param name="Value">The statistic, or NaN when there were too few units.</param>
/// <param name="Count">The number of units.</param>
public readonly record struct Statistic(double Value, int Count);
