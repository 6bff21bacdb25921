namespace AdPilot.Core.Training.OffPolicy;

/// <summary>One world of the simulator check (<see cref="OffPolicyValidation.RunSeed"/>).</summary>
/// <param name="Seed">The world's seed.</param>
/// <param name="Decisions">The logged decisions.</param>
/// <param name="Truth">The target policy's true value per decision on the logged states.</param>
/// <param name="Estimates">IPS, SNIPS and DR.</param>
public sealed record ValidationWorld(ulong Seed, int Decisions, double Truth, IReadOnlyList<OffPolicyEstimate> Estimates);
