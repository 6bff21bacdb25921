using AdPilot.Core.Simulation;

namespace AdPilot.Core.Training;

/// <summary>
/// The scenario each training episode runs: a fresh draw from the default family per episode (episode <c>e</c> runs
/// family seed <c>first + e</c>), or a list of scenarios taken in turn, each pass with fresh random streams.
/// </summary>
public sealed class TrainingScenarios
{
    private readonly IReadOnlyList<Scenario> _scenarios;

    private TrainingScenarios(string source, ulong? firstFamilySeed, int adSets, IReadOnlyList<Scenario> scenarios)
    {
        Source = source;
        FirstFamilySeed = firstFamilySeed;
        AdSets = adSets;
        _scenarios = scenarios;
    }

    /// <summary>Gets a description of where the scenarios come from: <c>family:default</c>, or <c>scenarios:</c> and the names.</summary>
    public string Source { get; }

    /// <summary>Gets the family seed of the first episode, or null when the scenarios come from a list.</summary>
    public ulong? FirstFamilySeed { get; }

    /// <summary>Gets the ad sets of each family draw (0 for a list).</summary>
    public int AdSets { get; }

    /// <summary>Draws each episode's scenario from the default family.</summary>
    /// <param name="firstSeed">The family seed of episode 0; episode <c>e</c> runs seed <c>firstSeed + e</c>.</param>
    /// <param name="adSets">Ad sets per scenario.</param>
    /// <returns>The training scenarios.</returns>
    public static TrainingScenarios Family(ulong firstSeed, int adSets = DefaultFamily.DefaultAdSetCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(adSets);
        return new TrainingScenarios("family:default", firstSeed, adSets, []);
    }

    /// <summary>Runs the given scenarios in turn; pass <c>p</c> over the list runs each with its seed plus <c>p</c>.</summary>
    /// <param name="scenarios">The scenarios, at least one.</param>
    /// <returns>The training scenarios.</returns>
    public static TrainingScenarios FromList(IReadOnlyList<Scenario> scenarios)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        ArgumentOutOfRangeException.ThrowIfZero(scenarios.Count);
        return new TrainingScenarios("scenarios:" + string.Join(',', scenarios.Select(s => s.Name)), null, 0, scenarios);
    }

    /// <summary>The family seeds the first <paramref name="episodes"/> episodes train on, or null for a list.</summary>
    /// <param name="episodes">The episodes.</param>
    /// <returns>The first and last seed, inclusive.</returns>
    public (ulong First, ulong Last)? FamilySeeds(int episodes) =>
        FirstFamilySeed is { } first && episodes > 0 ? (first, first + (ulong)episodes - 1) : null;

    /// <summary>The scenario of one episode.</summary>
    /// <param name="episode">The episode, from 0.</param>
    /// <returns>Its scenario.</returns>
    public Scenario For(int episode)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(episode);
        if (FirstFamilySeed is { } first)
        {
            return DefaultFamily.Sample(first + (ulong)episode, AdSets);
        }

        var scenario = _scenarios[episode % _scenarios.Count];
        return scenario with { Seed = scenario.Seed + (ulong)(episode / _scenarios.Count) };
    }
}
