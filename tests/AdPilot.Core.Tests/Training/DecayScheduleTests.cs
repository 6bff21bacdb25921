using AdPilot.Core.Training;

namespace AdPilot.Core.Tests.Training;

public sealed class DecayScheduleTests
{
    [Fact]
    public void ValueAt_Linear_InterpolatesThenStaysAtTheEnd()
    {
        var epsilon = new DecaySchedule(1.0, 0.1, 100);

        Assert.Equal(1.0, epsilon.ValueAt(0));
        Assert.Equal(0.55, epsilon.ValueAt(50), 12);
        Assert.Equal(0.1, epsilon.ValueAt(100), 12);
        Assert.Equal(0.1, epsilon.ValueAt(10_000), 12);
    }

    [Fact]
    public void ValueAt_Exponential_HalvesTheDistanceEachHalfLife()
    {
        var rate = new DecaySchedule(0.5, 0.1, 20, DecayKind.Exponential);

        Assert.Equal(0.5, rate.ValueAt(0), 12);
        Assert.Equal(0.3, rate.ValueAt(20), 12);
        Assert.Equal(0.2, rate.ValueAt(40), 12);
        Assert.Equal(0.1, rate.ValueAt(10_000), 12);
    }

    [Fact]
    public void ValueAt_AnyStep_StaysBetweenStartAndEndAndNeverRises()
    {
        foreach (var kind in new[] { DecayKind.Linear, DecayKind.Exponential })
        {
            var schedule = new DecaySchedule(0.9, 0.05, 37, kind);
            var previous = double.PositiveInfinity;
            for (var step = 0L; step < 500; step++)
            {
                var value = schedule.ValueAt(step);
                Assert.InRange(value, 0.05, 0.9);
                Assert.True(value <= previous, $"{kind} rose at step {step}");
                previous = value;
            }
        }
    }
}
