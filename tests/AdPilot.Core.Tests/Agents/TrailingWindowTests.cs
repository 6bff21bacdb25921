using AdPilot.Core.Agents;
using CsCheck;

namespace AdPilot.Core.Tests.Agents;

public sealed class TrailingWindowTests
{
    [Fact]
    public void Operations_AnySequence_MatchANaiveListOfHours()
    {
        // An operation is (ad set, kind, spend, revenue): kind 0 clears the ad set, anything else adds an hour.
        var spend = Gen.OneOf(Gen.Const(0.0), Gen.Double[0.01, 1000]);
        var operation = Gen.Select(Gen.Int[0, 3], Gen.Int[0, 15], spend, Gen.Double[0, 5000]);
        var gen = Gen.Select(Gen.Int[1, 4], Gen.Int[1, 30], operation.Array[0, 300]);
        gen.Sample(
            (adSets, hours, operations) =>
            {
                var window = new TrailingWindow(adSets, hours);
                var reference = Enumerable.Range(0, adSets).Select(_ => new List<(double Spend, double Revenue)>()).ToArray();
                foreach (var (rawAdSet, kind, s, r) in operations)
                {
                    var adSet = rawAdSet % adSets;
                    if (kind == 0)
                    {
                        window.Clear(adSet);
                        reference[adSet].Clear();
                    }
                    else
                    {
                        window.Add(adSet, s, r);
                        reference[adSet].Add((s, r));
                    }

                    for (var i = 0; i < adSets; i++)
                    {
                        var last = reference[i].TakeLast(hours).ToList();
                        var expectedSpend = last.Sum(h => h.Spend);
                        var expectedRevenue = last.Sum(h => h.Revenue);
                        Assert.Equal(last.Count >= hours, window.IsFull(i));
                        Assert.Equal(expectedSpend, window.Spend(i), 1e-6);
                        Assert.Equal(expectedRevenue, window.Revenue(i), 1e-6);
                        if (expectedSpend > 0)
                        {
                            var roas = window.Roas(i);
                            Assert.NotNull(roas);
                            Assert.Equal(expectedRevenue / expectedSpend, roas.Value, 1e-6 * Math.Max(1, roas.Value));
                        }
                        else
                        {
                            Assert.Null(window.Roas(i));
                        }
                    }
                }
            },
            iter: 200);
    }

    [Fact]
    public void IsFull_AfterExactlyHoursAdds_IsTrue()
    {
        var window = new TrailingWindow(2, 3);
        window.Add(0, 1, 1);
        window.Add(0, 1, 1);

        Assert.False(window.IsFull(0));
        window.Add(0, 1, 1);
        Assert.True(window.IsFull(0));
        Assert.False(window.IsFull(1));
    }

    [Fact]
    public void Add_BeyondTheWindow_DropsTheOldestHour()
    {
        var window = new TrailingWindow(1, 2);
        window.Add(0, 100, 500);
        window.Add(0, 10, 20);
        window.Add(0, 10, 40);

        Assert.Equal(20, window.Spend(0));
        Assert.Equal(60, window.Revenue(0));
        Assert.Equal(3, window.Roas(0));
    }

    [Fact]
    public void Clear_AfterHistory_EmptiesTheWindowAndRestartsTheCount()
    {
        var window = new TrailingWindow(1, 2);
        window.Add(0, 5, 10);
        window.Add(0, 5, 10);

        window.Clear(0);

        Assert.False(window.IsFull(0));
        Assert.Equal(0, window.Spend(0));
        Assert.Null(window.Roas(0));
        window.Add(0, 4, 2);
        Assert.Equal(0.5, window.Roas(0));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Constructor_NonPositiveHours_Throws(int hours)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrailingWindow(1, hours));
    }
}
