using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;
using AdPilot.Runtime.Retraining;
using AdPilot.Storage.Ingestion;
using AdPilot.Storage.Stores;

namespace AdPilot.Runtime.Tests.Retraining;

/// <summary>
/// The store-calibrated family against the simulator's truth: a world is run under fixed budgets, what it reported is
/// handed to the family as a store's accumulated data, and the calibrated scenario, run the same way, must report the same
/// prices, click-through and conversion rates and order values, much closer than the default family's draw it starts from.
/// </summary>
public sealed class StoreScenarioFamilyTests
{
    private const int Hours = 28 * 24;
    private static readonly DateTimeOffset From = new(2026, 3, 2, 5, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Sample_OnDataFromAKnownWorld_ReproducesItsObservedRates_BetterThanTheDefaultDraw()
    {
        var truth = DefaultFamily.Sample(11, 3);
        var observed = Observe(truth);
        var data = Data([.. truth.AdSets.Select((a, i) => observed[i].ToObservation(a))], orders: observed.Sum(o => o.AllOrders) + 40);
        var family = new StoreScenarioFamily(data, adSetsPerScenario: 16, "test");

        var calibrated = family.Sample(5);
        var again = Observe(calibrated);
        var template = Observe(DefaultFamily.Sample(5, 3));

        Assert.Equal(truth.AdSets.Select(a => (a.Id, a.Platform, a.DailyBudget)), calibrated.AdSets.Select(a => (a.Id, a.Platform, a.DailyBudget)));
        Assert.Equal(("example.myshopify.com", "America/New_York", 0.55), (calibrated.Store.Domain, calibrated.Store.TimeZone, calibrated.Store.GrossMargin));
        Assert.Empty(ScenarioValidator.Validate(calibrated));
        for (var i = 0; i < truth.AdSets.Count; i++)
        {
            Assert.InRange(again[i].Cpm / observed[i].Cpm, 0.75, 1.33);
            Assert.InRange(again[i].Ctr / observed[i].Ctr, 0.75, 1.33);
            Assert.InRange(again[i].Cvr / observed[i].Cvr, 0.6, 1.6);
            Assert.InRange(again[i].OrderValue / observed[i].OrderValue, 0.75, 1.33);
        }

        Assert.True(Error(again, observed) < Error(template, observed) / 2, $"calibrated error {Error(again, observed):0.00}, default draw's {Error(template, observed):0.00}");
    }

    [Fact]
    public void Sample_MoreAdSetsThanAScenarioHolds_DrawsADifferentSelectionEachTime()
    {
        var truth = DefaultFamily.Sample(12, 6);
        var observed = Observe(truth);
        var family = new StoreScenarioFamily(Data([.. truth.AdSets.Select((a, i) => observed[i].ToObservation(a))], orders: 500), adSetsPerScenario: 3, "test");

        var selections = Enumerable.Range(1, 8).Select(s => string.Join(",", family.Sample((ulong)s).AdSets.Select(a => a.Id))).ToList();

        Assert.All(selections, s => Assert.Equal(3, s.Split(',').Length));
        Assert.True(selections.Distinct().Count() > 1, string.Join(" | ", selections));
        Assert.Equal(family.Sample(3).AdSets.Select(a => a.Id), family.Sample(3).AdSets.Select(a => a.Id));
    }

    [Fact]
    public void Constructor_NoAdSetDelivered_SaysThereIsNothingToCalibrateOn()
    {
        var truth = DefaultFamily.Sample(13, 2);
        var silent = truth.AdSets.Select(a => new Observed(0, 0, 0, 0, 0, 0, 0).ToObservation(a)).ToList();

        var ex = Assert.Throws<ArgumentException>(() => new StoreScenarioFamily(Data(silent, orders: 0), 16, "test"));

        Assert.Contains("nothing to calibrate", ex.Message, StringComparison.Ordinal);
    }

    private static double Error(IReadOnlyList<Observed> a, IReadOnlyList<Observed> b) =>
        a.Zip(b).Sum(p => Math.Abs(Math.Log(p.First.Cpm / p.Second.Cpm)) + Math.Abs(Math.Log(p.First.Ctr / p.Second.Ctr))
            + Math.Abs(Math.Log(p.First.Cvr / p.Second.Cvr)) + Math.Abs(Math.Log(p.First.OrderValue / p.Second.OrderValue)));

    private static RetrainingData Data(IReadOnlyList<AdSetObservation> adSets, long orders) => new(
        1,
        new StoreProfile
        {
            ShopDomain = "example.myshopify.com",
            Currency = "USD",
            TimeZone = "America/New_York",
            GrossMargin = 0.55m,
            DataSince = From,
        },
        From,
        From.AddHours(Hours),
        adSets,
        Hours,
        Hours,
        adSets.Count * Hours,
        orders);

    /// <summary>Runs a scenario under its starting budgets and sums what each ad set reported.</summary>
    private static List<Observed> Observe(Scenario scenario)
    {
        var world = new SimulatedEnvironment(scenario);
        var step = world.Reset();
        var n = scenario.AdSets.Count;
        var sums = new double[n, 7];
        var actions = new AdAction[n];
        for (var h = 0; h < Hours; h++)
        {
            for (var i = 0; i < n; i++)
            {
                actions[i] = AdAction.Keep(step.States[i]);
            }

            step = world.Step(actions);
            for (var i = 0; i < n; i++)
            {
                var info = step.Info[i];
                sums[i, 0] += info.Spend > 0 ? 1 : 0;
                sums[i, 1] += info.Impressions;
                sums[i, 2] += info.Clicks;
                sums[i, 3] += info.Spend;
                sums[i, 4] += info.ShopifyOrders - info.UnattributedOrders;
                sums[i, 5] += info.ShopifyRevenue - info.UnattributedRevenue;
                sums[i, 6] += info.ShopifyOrders;
            }
        }

        return [.. Enumerable.Range(0, n).Select(i => new Observed((int)sums[i, 0], (long)sums[i, 1], (long)sums[i, 2], (decimal)sums[i, 3], (long)sums[i, 4], (decimal)sums[i, 5], (long)sums[i, 6]))];
    }

    private sealed record Observed(int Hours, long Impressions, long Clicks, decimal Spend, long Orders, decimal Revenue, long AllOrders)
    {
        public double Cpm => (double)Spend * 1000 / Impressions;

        public double Ctr => (double)Clicks / Impressions;

        public double Cvr => (double)Orders / Clicks;

        public double OrderValue => (double)Revenue / Orders;

        public AdSetObservation ToObservation(AdSetParameters adSet) => new(
            new AdSetRecord
            {
                Platform = adSet.Platform,
                ExternalId = adSet.Id,
                CampaignExternalId = "c1",
                Name = adSet.Name,
                Status = "ACTIVE",
                DailyBudget = adSet.DailyBudget,
                Currency = "USD",
                BidStrategy = "lowest_cost",
                TargetAgeGroup = adSet.TargetAgeGroup.Label(),
                CreativeGroup = adSet.CreativeType.ToString().ToLowerInvariant(),
            },
            Hours,
            Impressions,
            Clicks,
            Spend,
            Orders,
            Orders,
            Revenue);
    }
}
