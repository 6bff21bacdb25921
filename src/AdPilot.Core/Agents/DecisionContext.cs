using AdPilot.Core.Domain;

namespace AdPilot.Core.Agents;

/// <summary>One hour's decision input.</summary>
/// <param name="hourIndex">Hours since the episode started.</param>
/// <param name="hourStartUtc">The UTC start of the hour being decided.</param>
/// <param name="states">One state per ad set.</param>
public readonly ref struct DecisionContext(int hourIndex, DateTimeOffset hourStartUtc, ReadOnlySpan<AdEnvironmentState> states)
{
    /// <summary>Gets the hours since the episode started.</summary>
    public int HourIndex { get; } = hourIndex;

    /// <summary>Gets the UTC start of the hour being decided.</summary>
    public DateTimeOffset HourStartUtc { get; } = hourStartUtc;

    /// <summary>Gets one state per ad set.</summary>
    public ReadOnlySpan<AdEnvironmentState> States { get; } = states;
}
