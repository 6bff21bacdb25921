namespace AdPilot.Storage.Approvals;

/// <summary>Where a request for approval stands.</summary>
public enum ApprovalStatus
{
    /// <summary>Waiting for a person.</summary>
    Pending = 0,

    /// <summary>Approved: the action's intent is written.</summary>
    Approved = 1,

    /// <summary>Rejected: the action is never applied.</summary>
    Rejected = 2,

    /// <summary>Not decided in time.</summary>
    Expired = 3,
}
