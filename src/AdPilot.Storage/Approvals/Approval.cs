namespace AdPilot.Storage.Approvals;

/// <summary>A request for a person to approve a logged action.</summary>
/// <param name="Id">The approval id.</param>
/// <param name="ActionId">The action in actions_log.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="RequestedAt">When it was requested.</param>
/// <param name="ExpiresAt">When it lapses undecided, if ever.</param>
/// <param name="DecidedBy">Who decided.</param>
/// <param name="DecidedAt">When.</param>
/// <param name="Note">Their note.</param>
/// <param name="Change">The exact budget change asked for; <see langword="null"/> on requests older than the amounts.</param>
/// <param name="ConsumedAt">When the approved change was applied (an approval authorises one application).</param>
public sealed record Approval(
    long Id,
    long ActionId,
    ApprovalStatus Status,
    DateTimeOffset RequestedAt,
    DateTimeOffset? ExpiresAt,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    string? Note,
    ApprovedChange? Change = null,
    DateTimeOffset? ConsumedAt = null);
