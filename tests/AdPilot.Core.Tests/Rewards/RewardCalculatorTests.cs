using AdPilot.Core.Domain;
using AdPilot.Core.Rewards;
using CsCheck;
using static AdPilot.Core.Tests.Rewards.RewardBuilders;

namespace AdPilot.Core.Tests.Rewards;

public sealed class RewardCalculatorTests
{
    [Fact]
    public void Compute_ZeroSpendAndNoOrders_IsZero()
    {
        var activity = Gen.Select(Gen.Int[0, 1], Gen.Int[0, 48], Gen.Long[0, 100_000])
            .Select((a, hour, budget) => Activity(a == 0 ? Meta : TikTok, 0m, hour, budget / 100m));
        Check.Sample(activity.Array[0, 40], rows =>
        {
            var unique = rows.DistinctBy(r => (r.AdSet, r.HourUtc)).ToArray();

            var rewards = CreateSut().Compute(unique, [], "USD", HalfMargin);

            Assert.Equal(unique.Length, rewards.Count);
            Assert.All(rewards, r =>
            {
                Assert.Equal(0m, r.Reward);
                Assert.Equal(0m, r.Profit);
                Assert.Null(r.Roas);
                Assert.Equal(default, r.ToMetrics());
            });
        });
    }

    [Fact]
    public void Compute_WithAnEmitFilter_ShapesOnlyThoseAdSetHours_AsTheFullComputationDoes()
    {
        var rows = Gen.Select(Gen.Int[0, 1], Gen.Int[0, 6], Gen.Int[0, 5_000])
            .Select((a, hour, spend) => Activity(a == 0 ? Meta : TikTok, spend / 100m, hour));
        var orders = Gen.Select(Gen.Int[0, 2], Gen.Int[0, 6], Gen.Int[1, 20_000])
            .Select((tag, hour, total) => Order(total / 100m, tag switch { 0 => Meta, 1 => TikTok, _ => null }, hour));
        Check.Sample(Gen.Select(rows.Array[1, 20], orders.Array[0, 20], Gen.Int[0, 6]), (activity, placed, cutoff) =>
        {
            var unique = activity.DistinctBy(r => (r.AdSet, r.HourUtc)).ToArray();
            bool Wanted(AdSetRef adSet, DateTimeOffset hour) => adSet == TikTok && hour >= Hour.AddHours(cutoff);

            var all = CreateSut().Compute(unique, placed, "USD", HalfMargin);
            var some = CreateSut().Compute(unique, placed, "USD", HalfMargin, Wanted);

            Assert.Equal(
                all.Where(r => Wanted(r.AdSet, r.HourUtc)).Select(r => (r.AdSet, r.HourUtc, r.Reward, r.Revenue, r.Utm, r.Modelled)),
                some.Select(r => (r.AdSet, r.HourUtc, r.Reward, r.Revenue, r.Utm, r.Modelled)));
        });
    }

    [Fact]
    public void Compute_ProfitableHour_AddsTheTierAndConversionBonuses()
    {
        var reward = CreateSut().Compute([Activity(Meta, 40m)], [Order(100m, Meta)], "USD", HalfMargin).Single();

        Assert.Equal((100m, 50m, 40m, 1m), (reward.Revenue, reward.Cogs, reward.Spend, reward.Conversions));
        Assert.Equal(10m, reward.Profit);
        Assert.Equal(2.5, reward.Roas);
        Assert.Equal(1.25, reward.MarginRoas);
        Assert.Equal(
            [(RewardComponent.Profit, 10m), (RewardComponent.RoasTierBonus, 0.80m), (RewardComponent.ConversionBonus, 0.50m)],
            reward.Components.Select(c => (c.Name, c.Amount)));
        Assert.Equal(11.30m, reward.Reward);
        Assert.Equal(new RewardMetrics(100, 40, 50, 1), reward.ToMetrics());
    }

    [Fact]
    public void Compute_RoasAboveEveryTier_PaysOnlyTheHighest()
    {
        var reward = CreateSut().Compute([Activity(Meta, 20m)], [Order(100m, Meta, cogs: 10m)], "USD", HalfMargin).Single();

        Assert.Equal(2.00m, reward.Components.Single(c => c.Name == RewardComponent.RoasTierBonus).Amount);
        Assert.Contains("ROAS 5.00 > 4", reward.Components.Single(c => c.Name == RewardComponent.RoasTierBonus).Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_HighSpendAtPoorRoas_IsPenalised()
    {
        var reward = CreateSut().Compute([Activity(Meta, 20m, budget: 240m)], [Order(10m, Meta)], "USD", HalfMargin).Single();

        Assert.Equal(-2.50m, reward.Components.Single(c => c.Name == RewardComponent.PoorRoasPenalty).Amount); // 0.25 × 20 × (1 − 0.5)
        Assert.Equal(-15m + 0.5m - 2.5m, reward.Reward);
    }

    [Fact]
    public void Compute_SmallSpendAtPoorRoas_IsNotPenalised()
    {
        var reward = CreateSut().Compute([Activity(Meta, 5m, budget: 240m)], [], "USD", HalfMargin).Single();

        Assert.DoesNotContain(reward.Components, c => c.Name == RewardComponent.PoorRoasPenalty);
        Assert.Equal(-5m, reward.Reward);
    }

    [Fact]
    public void Compute_BudgetSpike_IsPenalisedOnTheExcess()
    {
        AdSetHourActivity[] activity = [Activity(Meta, 4m, hour: 0, budget: 100m), Activity(Meta, 4m, hour: 1, budget: 200m)];

        var rewards = CreateSut().Compute(activity, [Order(20m, Meta, hour: 1)], "USD", HalfMargin);

        Assert.DoesNotContain(rewards[0].Components, c => c.Name == RewardComponent.BudgetSpikePenalty);
        Assert.Equal(-1.00m, rewards[1].Components.Single(c => c.Name == RewardComponent.BudgetSpikePenalty).Amount); // 0.02 × (200 − 150)
    }

    [Fact]
    public void Compute_BudgetSpikeWithoutSpend_CostsNothing()
    {
        AdSetHourActivity[] activity = [Activity(Meta, 0m, hour: 0, budget: 100m), Activity(Meta, 0m, hour: 1, budget: 400m)];

        Assert.All(CreateSut().Compute(activity, [], "USD", HalfMargin), r => Assert.Equal(0m, r.Reward));
    }

    [Fact]
    public void Compute_RefundLargerThanTheHoursRevenue_GivesNegativeRevenueWithoutBonuses()
    {
        var reward = CreateSut().Compute([Activity(Meta, 20m)], [Order(100m, Meta, refunded: 130m)], "USD", HalfMargin).Single();

        Assert.Equal((-30m, 0m, 0m), (reward.Revenue, reward.Cogs, reward.Conversions));
        Assert.Equal(-50m, reward.Profit);
        Assert.Equal(-1.5, reward.Roas);
        Assert.Equal(-5.00m, reward.Components.Single(c => c.Name == RewardComponent.PoorRoasPenalty).Amount); // ROAS floored at 0
        Assert.Equal(-55m, reward.Reward);
    }

    [Fact]
    public void Compute_LateRefund_ChangesOnlyTheOrdersHourAndIsDeterministic()
    {
        var sut = CreateSut(new RewardOptions { LagHours = 2 });
        AdSetHourActivity[] activity = [.. Enumerable.Range(0, 6).Select(h => Activity(Meta, 10m, hour: h))];
        var order = Order(90.01m, Meta, hour: 4);
        ShopOrder[] others = [Order(50m, Meta, hour: 1), Order(70m)];

        var before = sut.Compute(activity, [order, .. others], "USD", HalfMargin);
        var after = sut.Compute(activity, [.. others, order with { Refunded = 40m }], "USD", HalfMargin);
        var again = sut.Compute(activity, [order with { Refunded = 40m }, .. others.Reverse()], "USD", HalfMargin);

        var changed = before.Zip(after).Where(p => p.First.Reward != p.Second.Reward).Select(p => p.First.HourUtc).ToArray();
        Assert.Equal(AttributionLag.AffectedHours(order.PlacedAt, 2).Order(), changed);
        Assert.Equal(after.Select(r => (r.HourUtc, r.Revenue, r.Cogs, r.Reward)), again.Select(r => (r.HourUtc, r.Revenue, r.Cogs, r.Reward)));
        Assert.Equal(140.01m, before.Sum(r => r.Revenue));
        Assert.Equal(100.01m, after.Sum(r => r.Revenue));
    }

    [Fact]
    public void Compute_LagSpreading_ConservesRevenueToTheCent()
    {
        var sut = CreateSut(new RewardOptions { LagHours = 2 });

        var rewards = sut.Compute([Activity(Meta, 5m, hour: 3)], [Order(90.01m, Meta, hour: 3)], "USD", HalfMargin);

        Assert.Equal([30.01m, 30.00m, 30.00m], rewards.OrderByDescending(r => r.HourUtc).Select(r => r.Revenue));
        Assert.Equal(45.00m, rewards.Sum(r => r.Cogs)); // 45.005 rounded half-even at the order, then spread
        Assert.Equal(1m, rewards.Sum(r => r.Conversions));
    }

    [Fact]
    public void Compute_AnyOrdersAndLag_ConservesAttributedRevenue()
    {
        var order = Gen.Select(Gen.Long[1, 100_000], Gen.Int[0, 30], Gen.Bool).Select((cents, hour, tagged) => Order(cents / 100m, tagged ? Meta : null, hour));
        Check.Sample(Gen.Select(order.Array[0, 20], Gen.Int[0, 24]), t =>
        {
            var (orders, k) = t;
            AdSetHourActivity[] activity = [.. Enumerable.Range(0, 31).Select(h => Activity(Meta, 1m, hour: h, purchases: h % 3))];
            var sut = CreateSut(new RewardOptions { LagHours = k, RevenueSource = RevenueSource.Modelled });

            var rewards = sut.Compute(activity, orders, "USD", HalfMargin);
            var attribution = Attribution.Attribute(orders, activity, "USD", HalfMargin, new RewardOptions());

            Assert.Equal(attribution.ByAdSetHour.Sum(a => a.Modelled.Revenue), rewards.Sum(r => r.Revenue));
            Assert.Equal(attribution.ByAdSetHour.Sum(a => a.Utm.Revenue), rewards.Sum(r => r.Utm.Revenue));
            Assert.All(rewards, r => Assert.Equal(r.Reward, r.Components.Sum(c => c.Amount)));
        });
    }

    [Fact]
    public void Compute_RevenueInAnHourWithoutActivity_IsAZeroSpendReward()
    {
        var rewards = CreateSut().Compute([Activity(Meta, 10m, hour: 0)], [Order(30m, Meta, hour: 2)], "USD", HalfMargin);

        Assert.Equal(2, rewards.Count);
        Assert.Equal((Hour.AddHours(2), 0m, 30m), (rewards[1].HourUtc, rewards[1].Spend, rewards[1].Revenue));
    }

    [Fact]
    public void Compute_ModelledSource_UsesTheModelledFigures()
    {
        var sut = CreateSut(new RewardOptions { RevenueSource = RevenueSource.Modelled });

        var reward = sut.Compute([Activity(Meta, 10m, purchases: 1)], [Order(40m)], "USD", HalfMargin).Single();

        Assert.Equal((RevenueSource.Modelled, 40m, 0m), (reward.Source, reward.Revenue, reward.Utm.Revenue));
    }

    [Fact]
    public void Compute_DuplicateActivity_Throws()
    {
        Assert.Throws<ArgumentException>(() => CreateSut().Compute([Activity(Meta, 1m), Activity(Meta, 2m)], [], "USD", HalfMargin));
    }

    [Fact]
    public void Compute_HourNotWhole_Throws()
    {
        var activity = Activity(Meta, 1m) with { HourUtc = Hour.AddMinutes(1) };

        Assert.Throws<ArgumentException>(() => CreateSut().Compute([activity], [], "USD", HalfMargin));
    }

    private static RewardCalculator CreateSut(RewardOptions? options = null) => new(options);
}
