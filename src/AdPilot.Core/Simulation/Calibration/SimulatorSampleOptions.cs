namespace AdPilot.Core.Simulation.Calibration;

/// <summary>Which simulated ad sets the calibration report measures.</summary>
public sealed record SimulatorSampleOptions
{
    /// <summary>Gets the number of scenarios drawn from <see cref="DefaultFamily"/>.</summary>
    /// <value>The default value is 200.</value>
    public int Scenarios { get; init; } = 200;

    /// <summary>Gets the number of ad sets in each scenario.</summary>
    /// <value>The default value is <see cref="DefaultFamily.DefaultAdSetCount"/> (8).</value>
    public int AdSetsPerScenario { get; init; } = DefaultFamily.DefaultAdSetCount;

    /// <summary>Gets the seed of the first scenario; the others follow it (1000, 1001, …).</summary>
    /// <value>The default value is 1000, clear of the <c>default</c> preset's seed 1.</value>
    public ulong FirstSeed { get; init; } = 1000;

    /// <summary>Gets the days each scenario runs with fixed budgets; one ad set over these days stands for one KAG ad.</summary>
    /// <value>The default value is 14.</value>
    public int Days { get; init; } = 14;

    /// <summary>Gets the weeks over which each scenario's competitor pressure is read.</summary>
    /// <value>The default value is 8.</value>
    public int CompetitionWeeks { get; init; } = 8;

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Scenarios, 1, nameof(Scenarios));
        ArgumentOutOfRangeException.ThrowIfLessThan(AdSetsPerScenario, 1, nameof(AdSetsPerScenario));
        ArgumentOutOfRangeException.ThrowIfLessThan(Days, 1, nameof(Days));
        ArgumentOutOfRangeException.ThrowIfLessThan(CompetitionWeeks, 2, nameof(CompetitionWeeks));
    }
}
