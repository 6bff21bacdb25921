using AdPilot.Core.Simulation;

namespace AdPilot.Core.Agents;

/// <summary>The policies every other policy is measured against, by name.</summary>
public static class PolicyCatalog
{
    /// <summary>Gets the baseline names, the oracle first.</summary>
    public static IReadOnlyList<string> Names { get; } = ["oracle", "fixed", "rules", "proportional"];

    /// <summary>Whether a name is known.</summary>
    /// <param name="name">The name.</param>
    /// <returns>Whether <see cref="Create"/> accepts it.</returns>
    public static bool IsKnown(string name) => Names.Contains(name, StringComparer.Ordinal);

    /// <summary>Creates a policy for one world (the oracle reads it; the others never do).</summary>
    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <param name="world">The world the policy will run in.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="ArgumentException">The name is unknown.</exception>
    public static IPolicy Create(string name, SimulatedEnvironment world) => name switch
    {
        "oracle" => new OraclePolicy(world),
        "fixed" => new FixedBudgetPolicy(),
        "rules" => new RulesPolicy(),
        "proportional" => new ProportionalPolicy(),
        _ => throw new ArgumentException($"unknown policy '{name}' (expected one of {string.Join(", ", Names)})", nameof(name)),
    };
}
