namespace AdPilot.Storage.Checkpoints;

/// <summary>Where a registered checkpoint stands.</summary>
public enum CheckpointStatus
{
    /// <summary>Registered, not serving.</summary>
    Candidate = 0,

    /// <summary>The one the live policy runs (at most one per store).</summary>
    Active = 1,

    /// <summary>Served before, replaced since.</summary>
    Retired = 2,
}
