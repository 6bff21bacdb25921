using AdPilot.Core.Agents;
using AdPilot.Core.Simulation;

namespace AdPilot.Core.Training;

/// <summary>
/// Runs several policies on one scenario with common random numbers (each in its own copy of the same world) and
/// sets each one's profit against the oracle's.
/// </summary>
public static class PolicyComparison
{
    /// <summary>Compares policies.</summary>
    /// <param name="scenario">The world.</param>
    /// <param name="policies">Policy names from <see cref="PolicyCatalog"/>; the oracle also runs, unlisted, when not named.</param>
    /// <param name="days">Days to simulate.</param>
    /// <param name="limits">The limits every action passes.</param>
    /// <param name="onHour">Called after each simulated hour of any policy (from several threads).</param>
    /// <param name="cancellationToken">Stops the runs.</param>
    /// <returns>One outcome per named policy, in the order named.</returns>
    public static IReadOnlyList<PolicyOutcome> Run(
        Scenario scenario,
        IReadOnlyList<string> policies,
        int days,
        ActionLimits? limits = null,
        Action? onHour = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(days);
        foreach (var name in policies)
        {
            if (!PolicyCatalog.IsKnown(name))
            {
                throw new ArgumentException($"unknown policy '{name}' (expected one of {string.Join(", ", PolicyCatalog.All)})", nameof(policies));
            }
        }

        var toRun = policies.Contains("oracle", StringComparer.Ordinal) ? policies.Distinct(StringComparer.Ordinal).ToList() : ["oracle", .. policies.Distinct(StringComparer.Ordinal)];
        var factories = toRun.Select(name => (Func<SimulatedEnvironment, IPolicy>)(world => PolicyCatalog.Create(name, world))).ToList();
        var results = EpisodeRunner.RunGrid([scenario], factories, days, limits, onHour, cancellationToken);

        var oracleProfit = results[toRun.IndexOf("oracle"), 0].Total.Profit;
        return policies
            .Distinct(StringComparer.Ordinal)
            .Select(name => results[toRun.IndexOf(name), 0])
            .Select(r => new PolicyOutcome(r.Policy, r.Total, r.LimitInterventions, oracleProfit > 0 ? r.Total.Profit / oracleProfit : null, r.DailyProfit))
            .ToList();
    }
}
