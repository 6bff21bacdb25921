using AdPilot.Core.Domain;

namespace AdPilot.Core.Simulation.Calibration;

/// <summary>One scenario's competitor pressure on one platform: the weekly means of the factor exp(log pressure) that scales its CPMs.</summary>
/// <param name="Scenario">The index of the scenario in <see cref="SimulatorSample.Scenarios"/>.</param>
/// <param name="Platform">The platform.</param>
/// <param name="WeeklyMeans">The mean factor of each week from the start.</param>
public sealed record CompetitionSeries(int Scenario, Platform Platform, IReadOnlyList<double> WeeklyMeans);
