using System.Text.Json;
using AdPilot.Core.Domain;
using AdPilot.Runtime.Actuation;
using AdPilot.Runtime.Loop;

namespace AdPilot.Runtime.Evidence;

/// <summary>
/// The action log's JSON of a decision as the hourly loop writes it — the state the policy saw and the settings it
/// proposed — and the way back to a state and an <see cref="AdAction"/>, for off-policy evaluation and the reports.
/// </summary>
/// <remarks>
/// The proposal is stored as settings (the daily budget in the store currency, rounded to the cent, the status, the bid
/// strategy and cap, the creative), so the budget adjustment read back is the proposed budget over the state's budget,
/// minus one: exact to a cent of the budget (<see cref="Core.Agents.ActionEquivalence.BudgetStep"/>). A bid strategy of
/// the state's kind and cap reads back as the state's; targeting is not stored and reads back as the state's.
/// </remarks>
public static class LoggedDecisionJson
{
    /// <summary>The state as the loop logs it.</summary>
    /// <param name="state">The state.</param>
    /// <returns>Its JSON.</returns>
    public static string State(in AdEnvironmentState state) => JsonSerializer.Serialize(state, LoopJsonContext.Default.AdEnvironmentState);

    /// <summary>Reads a logged state.</summary>
    /// <param name="json">The JSON.</param>
    /// <param name="state">The state read.</param>
    /// <returns>Whether the JSON is a state.</returns>
    public static bool TryParseState(string json, out AdEnvironmentState state)
    {
        state = default;
        try
        {
            var parsed = JsonSerializer.Deserialize(json, LoopJsonContext.Default.AdEnvironmentState);
            if (!(double.IsFinite(parsed.CurrentBudget) && parsed.HourOfDay is >= 0 and < 24 && json.Contains("current_budget", StringComparison.Ordinal)))
            {
                return false;
            }

            state = parsed;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The settings a proposal asks for, as the loop logs them for an ad set in <paramref name="state"/>.</summary>
    /// <param name="state">The state the proposal was made in.</param>
    /// <param name="action">The proposal.</param>
    /// <param name="currency">The store currency.</param>
    /// <returns>The JSON.</returns>
    public static string Proposal(in AdEnvironmentState state, in AdAction action, string currency)
    {
        var budget = (decimal)state.CurrentBudget;
        if (double.IsFinite(action.BudgetAdjustment) && action.BudgetAdjustment != 0)
        {
            var target = state.CurrentBudget * (1 + action.BudgetAdjustment);
            budget = target is > 0 and < (double)decimal.MaxValue ? decimal.Round((decimal)target, 2, MidpointRounding.ToEven) : 0m;
        }

        var bid = action.BidStrategy == state.BidStrategy ? state.BidStrategy : action.BidStrategy;
        return new ActionSettings(budget, currency, action.Status, bid.Kind, bid.CapPerResult, action.CreativeType).ToJson();
    }

    /// <summary>Reads a logged proposal as an action on the state it was made in.</summary>
    /// <param name="json">The proposal's JSON.</param>
    /// <param name="state">The state it was made in.</param>
    /// <param name="action">The action read.</param>
    /// <returns>Whether the JSON is a proposal.</returns>
    public static bool TryParseProposal(string json, in AdEnvironmentState state, out AdAction action)
    {
        action = default;
        ActionSettings? settings;
        try
        {
            settings = ActionSettings.Parse(json);
        }
        catch (JsonException)
        {
            return false;
        }

        if (settings is null || !Enum.IsDefined(settings.Status))
        {
            return false;
        }

        var adjustment = settings.DailyBudget is { } budget && state.CurrentBudget > 0 ? ((double)budget / state.CurrentBudget) - 1 : 0;
        var bid = settings.BidStrategy is not { } kind
            || (kind == state.BidStrategy.Kind && (settings.BidCap is null || settings.BidCap == state.BidStrategy.CapPerResult))
            ? state.BidStrategy
            : new BidStrategy(kind, settings.BidCap);
        action = new AdAction(adjustment, bid, settings.CreativeType ?? state.CreativeType, state.TargetAgeGroup, state.TargetInterests, settings.Status);
        return true;
    }
}
