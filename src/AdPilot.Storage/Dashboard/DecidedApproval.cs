using AdPilot.Core.Domain;
using AdPilot.Storage.Approvals;

namespace AdPilot.Storage.Dashboard;

/// <summary>An approval a person decided (or that expired), with the ad set it was about.</summary>
/// <param name="Id">The approval's id.</param>
/// <param name="ActionId">The action.</param>
/// <param name="AdSet">The action's ad set.</param>
/// <param name="Status">Approved, rejected or expired.</param>
/// <param name="DecidedBy">Who decided.</param>
/// <param name="DecidedAt">When.</param>
/// <param name="Note">Their note.</param>
public sealed record DecidedApproval(long Id, long ActionId, AdSetRef AdSet, ApprovalStatus Status, string? DecidedBy, DateTimeOffset? DecidedAt, string? Note);
