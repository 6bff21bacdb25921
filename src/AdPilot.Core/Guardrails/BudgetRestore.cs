using AdPilot.Core.Domain;

namespace AdPilot.Core.Guardrails;

/// <summary>One change the kill switch makes: an ad set back to its last human budget and status.</summary>
/// <param name="AdSet">The ad set.</param>
/// <param name="FromBudget">Its daily budget now.</param>
/// <param name="ToBudget">The human daily budget to restore.</param>
/// <param name="FromStatus">Its status now.</param>
/// <param name="ToStatus">The human status to restore.</param>
public sealed record BudgetRestore(AdSetRef AdSet, Money FromBudget, Money ToBudget, AdSetStatus FromStatus, AdSetStatus ToStatus);
