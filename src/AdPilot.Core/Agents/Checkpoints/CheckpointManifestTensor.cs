namespace AdPilot.Core.Agents.Checkpoints;

/// <summary>Where one tensor's bytes lie in the data section, as the manifest records it.</summary>
/// <param name="Name">The tensor's name.</param>
/// <param name="Type">The element type: <c>float32</c>, <c>float64</c> or <c>int64</c>.</param>
/// <param name="Shape">The dimensions, outermost first; empty for a scalar.</param>
/// <param name="Offset">The first byte, counted from the start of the data section.</param>
/// <param name="Length">The number of bytes.</param>
internal sealed record CheckpointManifestTensor(string Name, string Type, IReadOnlyList<int> Shape, long Offset, long Length);
