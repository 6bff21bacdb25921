namespace AdPilot.Core.Agents.Checkpoints;

/// <summary>The element type of a checkpoint tensor.</summary>
public enum CheckpointTensorType
{
    /// <summary>IEEE 754 binary32 (<see cref="float"/>), 4 bytes little-endian; named <c>float32</c> in the manifest.</summary>
    Float32,

    /// <summary>IEEE 754 binary64 (<see cref="double"/>), 8 bytes little-endian; named <c>float64</c> in the manifest.</summary>
    Float64,

    /// <summary>Two's-complement <see cref="long"/>, 8 bytes little-endian; named <c>int64</c> in the manifest.</summary>
    Int64,
}
