namespace AdPilot.Tests.Fuzz;

/// <summary>A named mutation of an input: deterministic for one generator state.</summary>
public sealed record FuzzMutator(string Name, Func<FuzzRng, byte[], byte[]> Apply);
