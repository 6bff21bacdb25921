using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;

namespace AdPilot.Core.Agents;

/// <summary>One hour as a policy learns from it: what it saw, what it did, what came of it.</summary>
/// <param name="hourIndex">The hour that passed.</param>
/// <param name="states">The states it decided on.</param>
/// <param name="actions">The actions it proposed.</param>
/// <param name="rewards">Each ad set's outcome.</param>
/// <param name="info">Each ad set's detailed report.</param>
/// <param name="nextStates">The states at the start of the next hour.</param>
public readonly ref struct Transition(
    int hourIndex,
    ReadOnlySpan<AdEnvironmentState> states,
    ReadOnlySpan<AdAction> actions,
    ReadOnlySpan<RewardMetrics> rewards,
    ReadOnlySpan<AdSetHourInfo> info,
    ReadOnlySpan<AdEnvironmentState> nextStates)
{
    /// <summary>Gets the hour that passed.</summary>
    public int HourIndex { get; } = hourIndex;

    /// <summary>Gets the states decided on.</summary>
    public ReadOnlySpan<AdEnvironmentState> States { get; } = states;

    /// <summary>Gets the actions proposed.</summary>
    public ReadOnlySpan<AdAction> Actions { get; } = actions;

    /// <summary>Gets each ad set's outcome.</summary>
    public ReadOnlySpan<RewardMetrics> Rewards { get; } = rewards;

    /// <summary>Gets each ad set's detailed report.</summary>
    public ReadOnlySpan<AdSetHourInfo> Info { get; } = info;

    /// <summary>Gets the states at the start of the next hour.</summary>
    public ReadOnlySpan<AdEnvironmentState> NextStates { get; } = nextStates;
}
