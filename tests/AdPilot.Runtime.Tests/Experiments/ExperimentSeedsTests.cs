using AdPilot.Core.Domain;
using AdPilot.Core.Experiments;
using AdPilot.Core.Simulation;
using AdPilot.Runtime.Experiments;
using AdPilot.Storage.Experiments;
using AdPilot.Storage.Tests.Infrastructure;

namespace AdPilot.Runtime.Tests.Experiments;

/// <summary>
/// Targeting experiments over many seeds of the simulated market: the runner starts each (cutting the original's budget,
/// copying it with the other targeting), lets the test run, judges it on Shopify-attributed profit and keeps the winner.
/// </summary>
/// <remarks>
/// The store is the calibrated preset, whose biggest ad set (TikTok, about 394 a day, some 15 orders a day) is tested, each
/// seed with other random numbers. Half the seeds give the original a poorly converting audience (45–54) and test the
/// audience that converts best (25–34); the other half do the reverse. Which targeting is truly better is the market's
/// own answer: more orders per unit of spend (click-through × conversion ÷ cost per impression: 1.00 for 25–34, 0.53 for
/// 45–54), on lowest-cost bidding, so both arms spend their budgets. The ad set's creatives do not tire, so the copy's
/// fresh audience is not mistaken for a better one.
/// </remarks>
public sealed class ExperimentSeedsTests(PostgresCluster cluster)
{
    private const int Seeds = 20;

    private static readonly ExperimentOptions Options = new() { TestShare = 0.2, MaxTestBudget = 100m };

    private static (Scenario Scenario, AdSetParameters Original) Store(ulong seed, AgeGroup age)
    {
        var preset = DefaultFamily.Preset();
        var adSets = preset.AdSets.ToArray();
        adSets[0] = adSets[0] with { TargetAgeGroup = age, TargetInterests = Interests.None, BidStrategy = BidStrategy.LowestCost, FatigueFloor = 1 };
        return (preset with { Seed = seed, AdSets = adSets }, adSets[0]);
    }

    [Fact]
    public async Task Experiments_PickTheTrulyBetterTargetingMoreOftenThanChance_AndTheCopyNeverExceedsItsCap()
    {
        var correct = 0;
        var outcomes = new List<string>();
        for (var seed = 1UL; seed <= Seeds; seed++)
        {
            var copyBetter = seed % 2 == 0;
            var (from, to) = copyBetter ? (AgeGroup.Age45To54, AgeGroup.Age25To34) : (AgeGroup.Age25To34, AgeGroup.Age45To54);
            var (scenario, original) = Store(seed, from);
            await using var w = await ExperimentWorld.StartAsync(cluster, scenario, Options, original.Platform);
            var originalRef = new AdSetRef(original.Platform, original.Id);
            var budget = w.BudgetOf(originalRef);
            var experiment = await w.ApprovedAsync(originalRef, to, Interests.None);
            await w.AdvanceAsync();
            experiment = (await w.Store.GetAsync(w.StoreId, experiment.Id, TestContext.Current.CancellationToken))!;
            Assert.Equal(ExperimentStatus.Running, experiment.Status);
            var copy = experiment.Copy!.Value;
            var cap = Math.Min(Options.MaxTestBudget, Math.Round(budget * (decimal)Options.TestShare, 2, MidpointRounding.ToZero));
            Assert.Equal(cap, experiment.TestBudget);

            while (experiment.Status == ExperimentStatus.Running)
            {
                // Every hour: the copy within its cap, the two together within the original's budget.
                Assert.True(w.BudgetOf(copy) <= cap, $"seed {seed}: the copy runs on {w.BudgetOf(copy)}, over its cap of {cap}");
                Assert.True(w.BudgetOf(copy) + w.BudgetOf(originalRef) <= budget, $"seed {seed}: the arms' budgets add up to {w.BudgetOf(copy) + w.BudgetOf(originalRef)}, over {budget}");
                await w.PassHourAsync(originalRef, copy);
                await w.AdvanceAsync();
                experiment = (await w.Store.GetAsync(w.StoreId, experiment.Id, TestContext.Current.CancellationToken))!;
            }

            Assert.Equal(ExperimentStatus.Concluded, experiment.Status);
            var (winner, loser) = experiment.Winner == ExperimentArm.Copy ? (copy, originalRef) : (originalRef, copy);
            Assert.Equal((budget, AdSetStatus.Active), (w.BudgetOf(winner), w.StatusOf(winner)));
            Assert.Equal(AdSetStatus.Paused, w.StatusOf(loser));
            var right = (experiment.Winner == ExperimentArm.Copy) == copyBetter;
            correct += right ? 1 : 0;
            outcomes.Add($"seed {seed}: {from.Label()} → {to.Label()} (copy {(copyBetter ? "better" : "worse")}): kept the {experiment.Winner}, {(right ? "right" : "WRONG")}; {experiment.Outcome}");
        }

        // Chance picks right half the time: 15 or more of 20 has a one-sided binomial probability of 0.021.
        Assert.True(correct >= 15, $"{correct} of {Seeds} right:\n{string.Join('\n', outcomes)}");
        TestContext.Current.SendDiagnosticMessage($"{correct} of {Seeds} experiments kept the truly better targeting:\n{string.Join('\n', outcomes)}");
    }
}
