using AdPilot.Core.Domain;

namespace AdPilot.Core.Guardrails;

/// <summary>An ad set's budget and status as a person left them, taken before AdPilot first changed it.</summary>
/// <param name="AdSet">The ad set.</param>
/// <param name="DailyBudget">The daily budget.</param>
/// <param name="Status">The status.</param>
/// <param name="TakenAt">When it was taken.</param>
public sealed record HumanBudgetSnapshot(AdSetRef AdSet, Money DailyBudget, AdSetStatus Status, DateTimeOffset TakenAt);
