using System.Globalization;
using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;
using AdPilot.Storage.Experiments;

namespace AdPilot.Runtime.Experiments;

/// <summary>
/// The source of targeting proposals (guide §10): the budget policies keep each ad set's targeting, so this advisor reads the
/// store's own evidence instead. Over the last <see cref="ExperimentOptions.AdvisorLookbackDays"/> it adds up, per age band
/// of the account's ad sets, Shopify-attributed profit per unit of spend ((revenue − cost of goods) ÷ spend). An ad set
/// whose band earns at least <see cref="ExperimentOptions.AdvisorMinGap"/> less than the best band, both with at least
/// <see cref="ExperimentOptions.AdvisorMinOrders"/> orders, is proposed a copy with the best band and its own interests.
/// </summary>
/// <remarks>
/// Bands of one account differ in more than their ages (products, creatives, when they started), so the advisor only
/// proposes: a person approves, and the A/B copy, run side by side, decides. An ad set with an open experiment, or one
/// that finished within the lookback, is not proposed again.
/// </remarks>
public static class TargetingAdvisor
{
    /// <summary>The proposer recorded with the advisor's proposals.</summary>
    public const string ProposedBy = "advisor:targeting@1";

    /// <summary>The advisor's proposals for one account.</summary>
    /// <param name="account">The ad account.</param>
    /// <param name="managed">The ad sets the loop manages (a proposal is made only for them).</param>
    /// <param name="performance">Every ad set of the account with its targeting and attributed figures over the lookback.</param>
    /// <param name="recent">The store's experiments (open ones, and those finished within the lookback, block a new proposal).</param>
    /// <param name="since">The start of the lookback.</param>
    /// <param name="options">The settings.</param>
    /// <returns>The proposals, at most one per ad set.</returns>
    public static IReadOnlyList<ExperimentProposal> Propose(
        AdAccountRef account,
        IReadOnlyCollection<AdSetRef> managed,
        IReadOnlyList<TargetingPerformance> performance,
        IReadOnlyList<TargetingExperiment> recent,
        DateTimeOffset since,
        ExperimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(managed);
        ArgumentNullException.ThrowIfNull(performance);
        ArgumentNullException.ThrowIfNull(recent);
        ArgumentNullException.ThrowIfNull(options);
        var bands = performance
            .GroupBy(p => p.AgeGroup)
            .Select(g => (Age: g.Key, Orders: g.Sum(p => p.Orders), Spend: g.Sum(p => p.Spend), Margin: g.Sum(p => p.Revenue - p.Cogs)))
            .Where(b => b.Orders >= options.AdvisorMinOrders && b.Spend > 0)
            .Select(b => (b.Age, b.Orders, PerSpend: b.Margin / b.Spend))
            .ToDictionary(b => b.Age);
        if (bands.Count < 2)
        {
            return [];
        }

        var best = bands.Values.MaxBy(b => b.PerSpend);
        var blocked = recent
            .Where(e => e.IsOpen || (e.FinishedAt is { } at && at >= since))
            .SelectMany(e => e.Copy is { } copy ? new[] { e.Original, copy } : [e.Original])
            .ToHashSet();
        var proposals = new List<ExperimentProposal>();
        foreach (var adSet in performance)
        {
            if (!managed.Contains(adSet.AdSet) || blocked.Contains(adSet.AdSet) || adSet.AgeGroup == best.Age
                || !bands.TryGetValue(adSet.AgeGroup, out var own) || own.PerSpend > best.PerSpend - (options.AdvisorMinGap * Math.Abs(best.PerSpend)))
            {
                continue;
            }

            proposals.Add(new ExperimentProposal(
                account,
                adSet.AdSet,
                adSet.AgeGroup,
                adSet.Interests,
                best.Age,
                adSet.Interests,
                ProposedBy,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"over the last {options.AdvisorLookbackDays} days ads to {best.Age.Label()} earned {best.PerSpend:0.00} per unit of spend after cost of goods ({best.Orders} orders), {own.Age.Label()} {own.PerSpend:0.00} ({own.Orders} orders): test {best.Age.Label()} for this ad set")));
        }

        return proposals;
    }
}
