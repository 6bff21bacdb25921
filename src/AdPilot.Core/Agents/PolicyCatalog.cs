using AdPilot.Core.Agents.Bandit;
using AdPilot.Core.Simulation;

namespace AdPilot.Core.Agents;

/// <summary>The policies by name: the oracle and baselines every other policy is measured against, and the learning agents.</summary>
public static class PolicyCatalog
{
    /// <summary>Gets the baseline names, the oracle first.</summary>
    public static IReadOnlyList<string> Names { get; } = ["oracle", "fixed", "rules", "proportional"];

    /// <summary>Gets the learning agents that run without a checkpoint (they learn online from their first hour).</summary>
    public static IReadOnlyList<string> Agents { get; } = ["bandit"];

    /// <summary>Gets every name <see cref="Create"/> accepts: the baselines, then the agents.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Names, .. Agents];

    /// <summary>Whether a name is known.</summary>
    /// <param name="name">The name.</param>
    /// <returns>Whether <see cref="Create"/> accepts it.</returns>
    public static bool IsKnown(string name) => All.Contains(name, StringComparer.Ordinal);

    /// <summary>Whether a name is the oracle or a baseline (not a learning agent).</summary>
    /// <param name="name">The name.</param>
    /// <returns>Whether it is one of <see cref="Names"/>.</returns>
    public static bool IsBaseline(string name) => Names.Contains(name, StringComparer.Ordinal);

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
        "bandit" => new BudgetBanditPolicy { Training = false },
        _ => throw new ArgumentException($"unknown policy '{name}' (expected one of {string.Join(", ", All)})", nameof(name)),
    };
}
