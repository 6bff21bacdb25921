using AdPilot.Core.Agents;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;

namespace AdPilot.Core.Training;

/// <summary>
/// Measures a candidate policy against the oracle and every baseline on many scenarios: each policy runs on its own copy
/// of each scenario's world with the same random streams, and the candidate is compared with the best baseline by a
/// paired bootstrap over scenarios.
/// </summary>
public static class PolicyEvaluation
{
    /// <summary>Runs the evaluation.</summary>
    /// <param name="scenarios">The held-out scenarios.</param>
    /// <param name="days">Days per scenario.</param>
    /// <param name="candidate">
    /// The policy under test, built fresh for each scenario's world (it may adapt online within a scenario); null to
    /// measure only the baselines.
    /// </param>
    /// <param name="candidateName">The candidate's name in the report.</param>
    /// <param name="seed">Seed of the bootstrap resampling.</param>
    /// <param name="limits">The limits every action passes.</param>
    /// <param name="onHour">Called after each simulated hour of any run (from several threads).</param>
    /// <param name="cancellationToken">Stops the runs.</param>
    /// <returns>The report.</returns>
    public static EvaluationReport Run(
        IReadOnlyList<Scenario> scenarios,
        int days,
        Func<SimulatedEnvironment, IPolicy>? candidate = null,
        string candidateName = "agent",
        ulong seed = 0,
        ActionLimits? limits = null,
        Action? onHour = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        ArgumentOutOfRangeException.ThrowIfZero(scenarios.Count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(days);
        var factories = PolicyCatalog.Names
            .Select(name => (Name: name, Create: (Func<SimulatedEnvironment, IPolicy>)(world => PolicyCatalog.Create(name, world))))
            .ToList();
        if (candidate is not null)
        {
            if (PolicyCatalog.IsBaseline(candidateName))
            {
                throw new ArgumentException($"the candidate may not be named like a baseline ('{candidateName}')", nameof(candidateName));
            }

            factories.Add((candidateName, candidate));
        }

        var results = EpisodeRunner.RunGrid(scenarios, factories.Select(f => f.Create).ToList(), days, limits, onHour, cancellationToken);

        var oracleProfit = Enumerable.Range(0, scenarios.Count).Sum(s => results[0, s].Total.Profit);
        var policies = factories.Select((f, p) =>
        {
            var runs = Enumerable.Range(0, scenarios.Count).Select(s => results[p, s]).ToList();
            var total = runs.Aggregate(default(RewardMetrics), (sum, r) => sum + r.Total);
            return new EvaluatedPolicy(
                f.Name,
                total,
                runs.Select(r => r.Total.Profit).ToList(),
                oracleProfit > 0 ? total.Profit / oracleProfit : null,
                runs.Sum(r => r.LimitInterventions));
        }).ToList();

        var best = policies.Take(PolicyCatalog.Names.Count).Where(p => p.Name != "oracle").MaxBy(p => p.Total.Profit)!;
        var comparison = candidate is null
            ? null
            : PairedBootstrap.MeanDifference(policies[^1].ProfitByScenario, best.ProfitByScenario, seed);
        return new EvaluationReport(scenarios.Count, days, policies, best.Name, comparison);
    }
}
