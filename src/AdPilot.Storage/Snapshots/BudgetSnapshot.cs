using AdPilot.Core.Domain;

namespace AdPilot.Storage.Snapshots;

/// <summary>An ad set's daily budget at one moment.</summary>
/// <param name="AdSet">The ad set.</param>
/// <param name="DailyBudget">The daily budget, in major units.</param>
/// <param name="Currency">Its currency (ISO 4217).</param>
/// <param name="CapturedAt">When it was read.</param>
/// <param name="SetBy">Who set it.</param>
/// <param name="Status">Whether the ad set delivered then; <see langword="null"/> when not recorded.</param>
public sealed record BudgetSnapshot(
    AdSetRef AdSet, decimal DailyBudget, string Currency, DateTimeOffset CapturedAt, BudgetSetter SetBy, AdSetStatus? Status = null);
