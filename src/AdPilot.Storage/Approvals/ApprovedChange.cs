namespace AdPilot.Storage.Approvals;

/// <summary>The exact budget change an approval is asked for: from the ad set's daily budget when it was held, to the new one.</summary>
/// <param name="FromBudget">The daily budget when the change was held.</param>
/// <param name="ToBudget">The daily budget to apply.</param>
/// <param name="Currency">Their currency.</param>
public sealed record ApprovedChange(decimal FromBudget, decimal ToBudget, string Currency);
