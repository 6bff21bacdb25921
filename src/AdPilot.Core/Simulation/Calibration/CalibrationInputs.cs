namespace AdPilot.Core.Simulation.Calibration;

/// <summary>Everything the calibration report is built from.</summary>
/// <param name="Kag">The KAG ads.</param>
/// <param name="KagFile">The KAG file, as cited.</param>
/// <param name="Robyn">Robyn's weekly data.</param>
/// <param name="RobynFile">The Robyn file, as cited.</param>
/// <param name="Simulator">Which simulated ad sets to measure.</param>
public sealed record CalibrationInputs(KagDataset Kag, DataFile KagFile, RobynDataset Robyn, DataFile RobynFile, SimulatorSampleOptions Simulator);
