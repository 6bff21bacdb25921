namespace AdPilot.Runtime.Actuation;

/// <summary>Which policy made a cycle's proposals, as the action log records it.</summary>
/// <param name="Name">The policy's name.</param>
/// <param name="Version">The policy's version.</param>
/// <param name="CheckpointVersion">The checkpoint it ran, if any.</param>
public sealed record PolicyProvenance(string Name, string Version, string? CheckpointVersion = null);
