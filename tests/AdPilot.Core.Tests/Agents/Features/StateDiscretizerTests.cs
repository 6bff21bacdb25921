using AdPilot.Core.Agents.Features;
using AdPilot.Core.Domain;
using CsCheck;

namespace AdPilot.Core.Tests.Agents.Features;

public sealed class StateDiscretizerTests
{
    [Fact]
    public void Discretize_AnyState_RowWithinTheTable()
    {
        StateEncoderTests.AnyState.Sample(
            state => Assert.InRange(StateDiscretizer.Discretize(state, StateEncoderTests.AdSet), 0, StateDiscretizer.StateCount - 1),
            iter: 2_000);
    }

    [Fact]
    public void Discretize_EveryCombinationOfBuckets_GetsItsOwnRow()
    {
        var rows = new HashSet<int>();
        foreach (var hour in new[] { 2, 8, 14, 20 })
        {
            foreach (var revenue in new[] { 10.0, 60, 100, 150, 300 })
            {
                foreach (var budget in new[] { 20.0, 35, 50, 80, 150 })
                {
                    foreach (var learning in new[] { false, true })
                    {
                        foreach (var competitor in new[] { -0.3, 0, 0.3 })
                        {
                            foreach (var season in new[] { 0.5, 1, 1.5 })
                            {
                                var state = StateEncoderTests.State(budget, hour) with
                                {
                                    SpendLast24Hours = 50,
                                    RevenueLast24Hours = revenue,
                                    InLearningPhase = learning,
                                    CompetitorActivity = competitor,
                                    Seasonality = season,
                                };
                                rows.Add(StateDiscretizer.Discretize(state, StateEncoderTests.AdSet));
                            }
                        }
                    }
                }
            }
        }

        Assert.Equal(StateDiscretizer.StateCount, rows.Count);
    }

    [Fact]
    public void Discretize_NoSpend_CountsAsRoasBelowOne()
    {
        var noSpend = StateEncoderTests.State() with { SpendLast24Hours = 0, RevenueLast24Hours = 0 };
        var losing = StateEncoderTests.State() with { SpendLast24Hours = 50, RevenueLast24Hours = 10 };

        Assert.Equal(StateDiscretizer.Discretize(losing, StateEncoderTests.AdSet), StateDiscretizer.Discretize(noSpend, StateEncoderTests.AdSet));
    }
}
