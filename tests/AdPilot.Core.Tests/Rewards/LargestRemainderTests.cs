using AdPilot.Core.Rewards;
using CsCheck;

namespace AdPilot.Core.Tests.Rewards;

public sealed class LargestRemainderTests
{
    [Fact]
    public void Split_OneHundredInThree_GivesTheExtraCentToTheFirst()
    {
        Assert.Equal([33.34m, 33.33m, 33.33m], LargestRemainder.Split(100m, 2, [1, 1, 1]));
    }

    [Fact]
    public void Split_LargestRemainderWins()
    {
        // Exact shares 0.0625, 0.5625, 0.375 cents → floors 0, 0, 0 and the one cent left goes to the largest remainder.
        Assert.Equal([0m, 0.01m, 0m], LargestRemainder.Split(0.01m, 2, [1, 9, 6]));
    }

    [Fact]
    public void Split_NegativeAmount_SharesKeepItsSign()
    {
        Assert.Equal([-33.34m, -33.33m, -33.33m], LargestRemainder.Split(-100m, 2, [1, 1, 1]));
    }

    [Fact]
    public void Split_Yen_SplitsInWholeYen()
    {
        Assert.Equal([334m, 333m, 333m], LargestRemainder.Split(1_000m, LargestRemainder.MinorUnitDecimals("JPY"), [1, 1, 1]));
    }

    [Fact]
    public void Split_AmountFinerThanCents_SplitsInItsOwnDecimals()
    {
        var shares = LargestRemainder.Split(0.005m, 2, [1, 1]);

        Assert.Equal(0.005m, shares.Sum());
        Assert.Equal([0.003m, 0.002m], shares);
    }

    [Fact]
    public void Split_ZeroWeight_GetsNothing()
    {
        Assert.Equal([10m, 0m], LargestRemainder.Split(10m, 2, [1e-300, 0]));
    }

    [Theory]
    [InlineData(new double[0])]
    [InlineData(new[] { 0.0, 0.0 })]
    [InlineData(new[] { 1.0, -1.0 })]
    [InlineData(new[] { 1.0, double.NaN })]
    public void Split_BadWeights_Throws(double[] weights)
    {
        Assert.Throws<ArgumentException>(() => LargestRemainder.Split(1m, 2, weights));
    }

    [Fact]
    public void Split_AnyAmountAndWeights_ConservesTheAmountInWholeCents()
    {
        var weights = Gen.Double[0, 1_000].Array[1, 50].Where(w => w.Any(x => x > 0));
        Check.Sample(Gen.Select(Gen.Long[-10_000_000_000, 10_000_000_000], weights), t =>
        {
            var (cents, w) = t;
            var amount = cents / 100m;

            var shares = LargestRemainder.Split(amount, 2, w);

            Assert.Equal(amount, shares.Sum());
            Assert.All(shares, s => Assert.Equal(s, decimal.Round(s, 2)));
            Assert.All(shares, s => Assert.True(s == 0 || Math.Sign(s) == Math.Sign(amount)));
            var total = w.Sum();
            for (var i = 0; i < w.Length; i++)
            {
                Assert.True(Math.Abs((double)shares[i] - ((double)amount * w[i] / total)) <= 0.01 + (1e-9 * Math.Abs((double)amount)));
            }
        });
    }

    [Theory]
    [InlineData("USD", 2)]
    [InlineData("EUR", 2)]
    [InlineData("JPY", 0)]
    [InlineData("KWD", 3)]
    public void MinorUnitDecimals_KnownCurrencies(string currency, int decimals)
    {
        Assert.Equal(decimals, LargestRemainder.MinorUnitDecimals(currency));
    }
}
