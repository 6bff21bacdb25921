using AdPilot.Core.Domain;
using AdPilot.Core.Rewards;
using CsCheck;

namespace AdPilot.Core.Tests.Rewards;

public sealed class AttributionLagTests
{
    private static readonly DateTimeOffset Hour = new(2026, 5, 10, 14, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Spread_ThreeHoursBack_BooksEachShareToItsHour()
    {
        var shares = AttributionLag.Spread(new Money(100m, "USD"), Hour.AddMinutes(25), [4, 3, 2, 1]);

        Assert.Equal(
            [new(Hour, new Money(40m, "USD")), new(Hour.AddHours(-1), new Money(30m, "USD")), new(Hour.AddHours(-2), new Money(20m, "USD")), new(Hour.AddHours(-3), new Money(10m, "USD"))],
            shares);
    }

    [Fact]
    public void Spread_OddCents_ConservesTheAmountToTheCent()
    {
        var shares = AttributionLag.Spread(new Money(99.99m, "EUR"), Hour, [1, 1, 1, 1, 1, 1, 1]);

        Assert.Equal(99.99m, shares.Sum(s => s.Amount.Amount));
        Assert.All(shares, s => Assert.InRange(s.Amount.Amount, 14.28m, 14.29m));
        Assert.All(shares, s => Assert.Equal("EUR", s.Amount.Currency));
    }

    [Fact]
    public void Spread_AnyAmountAndLag_ConservesMoneyToTheCent()
    {
        var gen = Gen.Select(Gen.Long[-100_000_000_00, 100_000_000_00], Gen.Int[0, RewardOptions.MaxLagHours], Gen.Double[0.01, 10])
            .SelectMany((cents, k, decay) => Gen.Double[0, 1].Array[k + 1].Select(noise => (cents, k, decay, noise)));
        Check.Sample(gen, t =>
        {
            var weights = Enumerable.Range(0, t.k + 1).Select(j => Math.Exp(-j / t.decay) + t.noise[j]).ToArray();
            var amount = new Money(t.cents / 100m, "USD");

            var shares = AttributionLag.Spread(amount, Hour, weights);

            Assert.Equal(t.k + 1, shares.Count);
            Assert.Equal(amount.Amount, shares.Sum(s => s.Amount.Amount));
            Assert.Equal(Hour.AddHours(-t.k), shares[^1].HourUtc);
        });
    }

    [Fact]
    public void WeightsOf_NoWeightsGiven_AreEqual()
    {
        Assert.Equal([1.0, 1.0, 1.0], AttributionLag.WeightsOf(new RewardOptions { LagHours = 2 }));
        Assert.Equal([1.0], AttributionLag.WeightsOf(new RewardOptions()));
    }

    [Fact]
    public void AffectedHours_OrderAndLag_AreItsHourAndTheKBefore()
    {
        Assert.Equal([Hour, Hour.AddHours(-1), Hour.AddHours(-2)], AttributionLag.AffectedHours(Hour.AddMinutes(59), 2));
    }
}
