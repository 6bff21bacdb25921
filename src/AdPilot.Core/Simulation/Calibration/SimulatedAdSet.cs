namespace AdPilot.Core.Simulation.Calibration;

/// <summary>One simulated ad set's delivery over the calibration run, with fixed budgets.</summary>
/// <param name="Scenario">The index of its scenario in <see cref="SimulatorSample.Scenarios"/>.</param>
/// <param name="Parameters">Its true parameters.</param>
/// <param name="Totals">Impressions, clicks, spend and the purchases its clicks caused, over the whole run.</param>
/// <param name="Weeks">The same per full week of the run (none when the run is shorter than a week).</param>
public sealed record SimulatedAdSet(int Scenario, AdSetParameters Parameters, AdTotals Totals, IReadOnlyList<AdTotals> Weeks);
