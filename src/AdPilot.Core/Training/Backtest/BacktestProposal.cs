using AdPilot.Core.Domain;

namespace AdPilot.Core.Training.Backtest;

/// <summary>What the policy proposed for one ad set in one hour of the replay, what the guardrails made of it, and what followed.</summary>
/// <param name="HourUtc">The hour.</param>
/// <param name="LocalHour">The hour of day in the store's time zone.</param>
/// <param name="AdSet">The ad set.</param>
/// <param name="Name">Its name.</param>
/// <param name="BudgetBefore">The replay's daily budget when the hour started (the policy's own path).</param>
/// <param name="ProposedAdjustment">The relative budget change proposed (0.1 = +10%).</param>
/// <param name="ProposedBudget">The daily budget proposed.</param>
/// <param name="ProposedStatus">The status proposed.</param>
/// <param name="Propensity">The proposal's probability under the policy.</param>
/// <param name="Verdict">The guardrails' verdict: allow, clamp, block or require_approval.</param>
/// <param name="Reasons">The guardrails' reason codes.</param>
/// <param name="BudgetAfter">The daily budget the replay runs the hour with.</param>
/// <param name="ActualBudget">The daily budget really in force (reported, or inferred from the day's spend).</param>
/// <param name="ActualSpend">The hour's real spend.</param>
/// <param name="EstimatedSpend">The replay's spend: the real spend scaled by the budgets' ratio (0 when paused).</param>
/// <param name="ActualRevenue">The revenue attributed to the hour.</param>
/// <param name="EstimatedRevenue">The replay's estimated revenue (the real revenue moved by the response model's difference).</param>
/// <param name="ZeroFilled">Whether the history left the hour out (no delivery).</param>
public sealed record BacktestProposal(
    DateTimeOffset HourUtc,
    int LocalHour,
    AdSetRef AdSet,
    string Name,
    decimal BudgetBefore,
    double ProposedAdjustment,
    decimal ProposedBudget,
    AdSetStatus ProposedStatus,
    double Propensity,
    string Verdict,
    IReadOnlyList<string> Reasons,
    decimal BudgetAfter,
    decimal ActualBudget,
    decimal ActualSpend,
    decimal EstimatedSpend,
    decimal ActualRevenue,
    decimal EstimatedRevenue,
    bool ZeroFilled);
