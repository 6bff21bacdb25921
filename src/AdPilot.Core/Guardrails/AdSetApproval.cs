using AdPilot.Core.Domain;

namespace AdPilot.Core.Guardrails;

/// <summary>A person's approval of a budget increase for one ad set, as granted from a pending approval.</summary>
/// <param name="ApprovedDailyBudget">The highest daily budget approved.</param>
/// <param name="ExpiresAt">When the approval lapses; it covers evaluations strictly before this instant.</param>
public sealed record AdSetApproval(Money ApprovedDailyBudget, DateTimeOffset ExpiresAt);
