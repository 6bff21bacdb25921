namespace AdPilot.Core.Agents.Checkpoints;

/// <summary>Why a checkpoint could not be loaded or used.</summary>
public enum CheckpointError
{
    /// <summary>The bytes do not start with the checkpoint magic number.</summary>
    NotACheckpoint,

    /// <summary>The file was written in a format version this build cannot read.</summary>
    UnsupportedVersion,

    /// <summary>The stream ended before the length the header declares.</summary>
    Truncated,

    /// <summary>The stored SHA-256 does not match the content: the file is corrupt.</summary>
    ChecksumMismatch,

    /// <summary>The fixed-size header holds impossible values.</summary>
    InvalidHeader,

    /// <summary>The manifest is not valid UTF-8 JSON or describes an invalid checkpoint.</summary>
    InvalidManifest,

    /// <summary>A tensor's bytes overlap another's, run past the data section, or disagree with its shape.</summary>
    InvalidTensorLayout,

    /// <summary>More bytes follow the end of the checkpoint.</summary>
    TrailingData,

    /// <summary>The checkpoint belongs to another kind of agent than the one asked for.</summary>
    AgentKindMismatch,

    /// <summary>A tensor the caller requires is not in the checkpoint.</summary>
    MissingTensor,

    /// <summary>A tensor the caller requires has another element type or shape than expected.</summary>
    TensorMismatch,
}
