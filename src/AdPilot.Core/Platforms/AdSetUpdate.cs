using AdPilot.Core.Domain;

namespace AdPilot.Core.Platforms;

/// <summary>A change to one ad set; each <see langword="null"/> part is left as it is.</summary>
/// <param name="AdSet">The ad set to change.</param>
/// <param name="DailyBudget">The new daily budget, in the account currency, major units.</param>
/// <param name="BidStrategy">The new bid strategy.</param>
/// <param name="Status">The new status.</param>
public sealed record AdSetUpdate(
    AdSetRef AdSet,
    Money? DailyBudget = null,
    BidStrategy? BidStrategy = null,
    AdSetStatus? Status = null)
{
    /// <summary>Gets a value indicating whether the update changes nothing.</summary>
    public bool IsEmpty => DailyBudget is null && BidStrategy is null && Status is null;
}
