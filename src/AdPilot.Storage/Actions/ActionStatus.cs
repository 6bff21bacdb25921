namespace AdPilot.Storage.Actions;

/// <summary>Where a logged decision stands.</summary>
public enum ActionStatus
{
    /// <summary>Shadow mode: logged only; no platform call is ever made for it.</summary>
    Shadow = 0,

    /// <summary>Waiting for a person to approve it.</summary>
    PendingApproval = 1,

    /// <summary>The intent: written before the platform call; the outcome is written after it.</summary>
    Intended = 2,

    /// <summary>The platform accepted the change.</summary>
    Applied = 3,

    /// <summary>The platform call failed.</summary>
    Failed = 4,

    /// <summary>An applied change was undone (kill switch or rollback).</summary>
    RolledBack = 5,
}
