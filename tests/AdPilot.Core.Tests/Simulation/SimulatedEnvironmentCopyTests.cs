using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;

namespace AdPilot.Core.Tests.Simulation;

/// <summary>Ad sets added while an episode runs (<see cref="SimulatedEnvironment.AddCopy"/>): the A/B copies of a targeting test.</summary>
public sealed class SimulatedEnvironmentCopyTests
{
    [Theory]
    [InlineData(11UL)]
    [InlineData(12UL)]
    [InlineData(13UL)]
    public void AddCopy_BetterAgeBand_EarnsMorePerUnitOfSpendThanWorse(ulong seed)
    {
        var market = DefaultFamily.Sample(seed, 4).Market;

        // Revenue per unit of spend rises with click-through and purchase rate and falls with the audience's price.
        static double Score(MarketParameters m, AgeGroup a) => m.AgeCtr[a] * m.AgeCvr[a] / m.AgeCpm[a];
        var ages = Enum.GetValues<AgeGroup>().OrderBy(a => Score(market, a)).ToArray();
        Assert.True(Score(market, ages[^1]) > 1.5 * Score(market, ages[0]));

        var (better, worse) = RunTwoCopies(seed, (ages[^1], Interests.None), (ages[0], Interests.None));

        Assert.True(better > worse * 1.2, $"better {better:F3} per unit of spend, worse {worse:F3}");
    }

    [Theory]
    [InlineData(21UL)]
    [InlineData(22UL)]
    public void AddCopy_BetterInterestAffinity_EarnsMorePerUnitOfSpendThanWorse(ulong seed)
    {
        var market = DefaultFamily.Sample(seed, 4).Market;
        var rated = Enum.GetValues<Interests>().Where(i => i != Interests.None && System.Numerics.BitOperations.PopCount((uint)i) == 1)
            .OrderBy(market.AffinityOf).ToArray();
        Assert.True(market.AffinityOf(rated[^1]) > 1.3 * market.AffinityOf(rated[0]));

        var (better, worse) = RunTwoCopies(seed, (AgeGroup.Age25To34, rated[^1]), (AgeGroup.Age25To34, rated[0]));

        Assert.True(better > worse * 1.2, $"better {better:F3} per unit of spend, worse {worse:F3}");
    }

    [Fact]
    public void AddCopy_MidEpisode_LeavesTheOriginalAdSetsOutcomesUnchanged()
    {
        var scenario = DefaultFamily.Sample(7, 3);
        var plain = new SimulatedEnvironment(scenario);
        var copied = new SimulatedEnvironment(scenario);
        var n = scenario.AdSets.Count;
        var a = plain.Reset();
        var b = copied.Reset();
        var rng = new Rng(99);
        for (var h = 0; h < 24 * 10; h++)
        {
            if (h == 30)
            {
                var index = copied.AddCopy(1, AgeGroup.Age18To24, Interests.Fashion, 25, new AdSetRef(scenario.AdSets[1].Platform, "copy-1"), "copy");
                Assert.Equal(n, index);
                Assert.Equal(a.States.ToArray(), b.States[..n].ToArray());
            }

            var actions = new AdAction[n];
            for (var i = 0; i < n; i++)
            {
                actions[i] = ScenarioGenerators.RandomAction(ref rng, a.States[i], adversarial: false);
            }

            a = plain.Step(actions);
            b = copied.Step(h >= 30 ? [.. actions, AdAction.Keep(b.States[n])] : actions);

            Assert.Equal(a.Rewards.ToArray(), b.Rewards[..n].ToArray());
            Assert.Equal(a.Info.ToArray(), b.Info[..n].ToArray());
            Assert.Equal(a.States.ToArray(), b.States[..n].ToArray());
            Assert.Equal((a.OrganicOrders, a.OrganicRevenue), (b.OrganicOrders, b.OrganicRevenue));
        }

        // The copy did deliver, so the comparison is not vacuous.
        Assert.True(b.States[n].SpendLast24Hours > 0);
    }

    [Fact]
    public void AddCopy_NewAdSet_StartsInLearningFreshWithItsTargetingAndBudget()
    {
        var scenario = DefaultFamily.Sample(5, 2);
        var env = new SimulatedEnvironment(scenario);
        var result = env.Reset();
        var keep = new AdAction[] { AdAction.Keep(result.States[0]), AdAction.Keep(result.States[1]) };
        for (var h = 0; h < 50; h++)
        {
            result = env.Step([AdAction.Keep(result.States[0]), AdAction.Keep(result.States[1])]);
        }

        var original = scenario.AdSets[0];
        var reference = new AdSetRef(original.Platform, "c-0");
        var index = env.AddCopy(0, AgeGroup.Age45To54, Interests.Outdoors | Interests.Pets, 12.5, reference, "test copy", AdSetStatus.Paused);

        Assert.Equal(3, env.AdSets.Count);
        Assert.Equal(new AdSetDescriptor(reference, "test copy", Math.Min(12.5, (double)original.MinDailyBudget), (double)original.MaxDailyBudget, 12.5), env.AdSets[index]);
        var truth = env.TruthOf(index);
        Assert.True(truth.Learning);
        Assert.Equal(12.5, truth.DailyBudget);
        Assert.Equal(1, truth.Fatigue);
        Assert.Equal(env.TruthOf(0).Creative, truth.Creative);
        var state = result.States[index];
        Assert.Equal(AgeGroup.Age45To54, state.TargetAgeGroup);
        Assert.Equal(Interests.Outdoors | Interests.Pets, state.TargetInterests);
        Assert.Equal(AdSetStatus.Paused, state.Status);
        Assert.Equal(original.Platform, state.Platform);
        Assert.Equal(0, state.SpendLast24Hours);

        Assert.Throws<ArgumentException>(() => env.Step(keep));
        result = env.Step([AdAction.Keep(result.States[0]), AdAction.Keep(result.States[1]), AdAction.Keep(result.States[2])]);
        Assert.Equal(0, result.Info[index].Spend);
        Assert.Equal(3, result.Info.Length);
    }

    [Fact]
    public void AddCopy_BadArguments_ThrowNamingTheProblemAndAddNothing()
    {
        var scenario = DefaultFamily.Sample(3, 2);
        var env = new SimulatedEnvironment(scenario);
        var platform = scenario.AdSets[0].Platform;
        var other = platform == Platform.TikTok ? Platform.Instagram : Platform.TikTok;

        Assert.Throws<ArgumentOutOfRangeException>(() => env.AddCopy(2, AgeGroup.Age25To34, Interests.None, 10, new AdSetRef(platform, "x"), "x"));
        Assert.Throws<ArgumentOutOfRangeException>(() => env.AddCopy(0, AgeGroup.Age25To34, Interests.None, 0, new AdSetRef(platform, "x"), "x"));
        Assert.Throws<ArgumentOutOfRangeException>(() => env.AddCopy(0, AgeGroup.Age25To34, Interests.None, 1e12, new AdSetRef(platform, "x"), "x"));
        Assert.Throws<ArgumentException>(() => env.AddCopy(0, (AgeGroup)99, Interests.None, 10, new AdSetRef(platform, "x"), "x"));
        Assert.Throws<ArgumentException>(() => env.AddCopy(0, AgeGroup.Age25To34, (Interests)0x4000, 10, new AdSetRef(platform, "x"), "x"));
        var wrongPlatform = Assert.Throws<ArgumentException>(() => env.AddCopy(0, AgeGroup.Age25To34, Interests.None, 10, new AdSetRef(other, "x"), "x"));
        Assert.Contains("platform", wrongPlatform.Message, StringComparison.Ordinal);
        var taken = Assert.Throws<ArgumentException>(() => env.AddCopy(0, AgeGroup.Age25To34, Interests.None, 10, new AdSetRef(platform, scenario.AdSets[0].Id), "x"));
        Assert.Contains("taken", taken.Message, StringComparison.Ordinal);
        Assert.Equal(2, env.AdSets.Count);
    }

    [Fact]
    public void RebaseCopy_BeforeDelivery_BehavesAsACopyMadeFromTheNewOriginal()
    {
        var scenario = DefaultFamily.Sample(8, 3);
        var (i, j) = (from x in Enumerable.Range(0, 3) from y in Enumerable.Range(0, 3)
                      where x < y && scenario.AdSets[x].Platform == scenario.AdSets[y].Platform select (x, y)).First();
        var reference = new AdSetRef(scenario.AdSets[i].Platform, "copy");
        var rebased = new SimulatedEnvironment(scenario);
        var direct = new SimulatedEnvironment(scenario);
        var a = rebased.Reset();
        var b = direct.Reset();
        var budget = (double)Math.Min(scenario.AdSets[i].MaxDailyBudget, scenario.AdSets[j].MaxDailyBudget) / 2;

        rebased.AddCopy(i, AgeGroup.Age25To34, Interests.Food, budget, reference, "c");
        rebased.RebaseCopy(3, j);
        direct.AddCopy(j, AgeGroup.Age25To34, Interests.Food, budget, reference, "c");

        Assert.Equal(direct.TruthOf(3), rebased.TruthOf(3));
        Assert.Equal(direct.AdSets[3], rebased.AdSets[3]);
        for (var h = 0; h < 48; h++)
        {
            a = rebased.Step([.. Enumerable.Range(0, 4).Select(k => AdAction.Keep(a.States[k]))]);
            b = direct.Step([.. Enumerable.Range(0, 4).Select(k => AdAction.Keep(b.States[k]))]);
            Assert.Equal(b.Rewards.ToArray(), a.Rewards.ToArray());
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => rebased.RebaseCopy(0, j));
    }

    [Fact]
    public void Reset_AfterACopy_DropsItAndReplaysTheScenario()
    {
        var scenario = DefaultFamily.Sample(4, 2);
        var env = new SimulatedEnvironment(scenario);
        var first = env.Reset().States.ToArray();
        env.AddCopy(0, AgeGroup.Age18To24, Interests.None, 10, new AdSetRef(scenario.AdSets[0].Platform, "c"), "c");

        var again = env.Reset();

        Assert.Equal(2, env.AdSets.Count);
        Assert.Equal(first, again.States.ToArray());
        Assert.Equal(2, again.Rewards.Length);
    }

    /// <summary>Copies the best-converting ad set twice with equal budgets and the given targetings, runs four weeks, and returns each copy's revenue per unit of spend.</summary>
    private static (double First, double Second) RunTwoCopies(ulong seed, (AgeGroup Age, Interests Interests) first, (AgeGroup Age, Interests Interests) second)
    {
        // The ad set of the scenario that converts best, so four weeks hold enough purchases for the comparison.
        var scenario = DefaultFamily.Sample(seed, 4);
        var env = new SimulatedEnvironment(scenario);
        var result = env.Reset();
        var best = Enumerable.Range(0, 4).MaxBy(i => scenario.AdSets[i].Cvr * scenario.AdSets[i].CtrByCreative.Values.Max() / scenario.AdSets[i].BaseCpm);
        var original = scenario.AdSets[best];
        var budget = (double)original.DailyBudget;
        var a = env.AddCopy(best, first.Age, first.Interests, budget, new AdSetRef(original.Platform, "a"), "a");
        var b = env.AddCopy(best, second.Age, second.Interests, budget, new AdSetRef(original.Platform, "b"), "b");
        double spendA = 0, revenueA = 0, spendB = 0, revenueB = 0;
        var actions = new AdAction[env.AdSets.Count];
        for (var h = 0; h < 24 * 28; h++)
        {
            for (var i = 0; i < actions.Length; i++)
            {
                actions[i] = AdAction.Keep(result.States[i]);
            }

            result = env.Step(actions);
            spendA += result.Rewards[a].AdSpend;
            revenueA += result.Rewards[a].Revenue;
            spendB += result.Rewards[b].AdSpend;
            revenueB += result.Rewards[b].Revenue;
        }

        Assert.True(spendA > 0 && spendB > 0);
        return (revenueA / spendA, revenueB / spendB);
    }
}
