namespace AdPilot.Storage.Checkpoints;

/// <summary>How a version became a store's active checkpoint.</summary>
public enum CheckpointChangeKind
{
    /// <summary>A registered version (usually a new candidate) was made active.</summary>
    Promote = 0,

    /// <summary>A version that served before was made active again.</summary>
    Rollback = 1,
}
