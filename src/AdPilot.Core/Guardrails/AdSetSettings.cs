using AdPilot.Core.Domain;

namespace AdPilot.Core.Guardrails;

/// <summary>The settings of an ad set the guardrails govern: what it runs now, or what a policy proposes it run.</summary>
/// <param name="DailyBudget">The daily budget, in the account's currency.</param>
/// <param name="BidStrategy">The bid strategy.</param>
/// <param name="CreativeType">The creative group its active ads belong to; a different value is a creative rotation.</param>
/// <param name="Status">Whether it delivers.</param>
public sealed record AdSetSettings(Money DailyBudget, BidStrategy BidStrategy, CreativeType CreativeType, AdSetStatus Status)
{
    /// <summary>The same settings with another daily budget.</summary>
    /// <param name="budget">The daily budget.</param>
    /// <returns>The settings.</returns>
    public AdSetSettings WithBudget(Money budget) => this with { DailyBudget = budget };
}
