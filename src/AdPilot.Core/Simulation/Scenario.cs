using System.ComponentModel;

namespace AdPilot.Core.Simulation;

/// <summary>
/// A simulated store and its ad market: the store, the market's patterns, every ad set and every parameter
/// of their world, and the seed that makes the run reproducible. Loaded from and saved to JSON by
/// <see cref="ScenarioJson"/>; its JSON Schema is published in <c>schemas/scenario.schema.json</c>.
/// </summary>
public sealed record Scenario
{
    /// <summary>The version of this file format.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>Gets the version of the file format; must be <see cref="CurrentSchemaVersion"/>.</summary>
    [Description("Version of the scenario format; must be 1.")]
    public required int SchemaVersion { get; init; }

    /// <summary>Gets a short name for reports and run ids.</summary>
    [Description("A short name for reports and run ids.")]
    public required string Name { get; init; }

    /// <summary>Gets the seed of every random stream in the world.</summary>
    [Description("Seed of every random stream in the world: equal seeds replay equal worlds.")]
    public required ulong Seed { get; init; }

    /// <summary>Gets the first local day of the simulation; it starts at local midnight in the store's time zone.</summary>
    [Description("First local day (yyyy-MM-dd); the simulation starts at local midnight in the store's time zone.")]
    public required DateOnly StartDate { get; init; }

    /// <summary>Gets the store.</summary>
    public required StoreSettings Store { get; init; }

    /// <summary>Gets the market's patterns shared by every ad set.</summary>
    public required MarketParameters Market { get; init; }

    /// <summary>Gets the ad sets (Meta ad sets and TikTok ad groups).</summary>
    [Description("The ad sets (Meta ad sets and TikTok ad groups) and the parameters of their world.")]
    public required IReadOnlyList<AdSetParameters> AdSets { get; init; }
}
