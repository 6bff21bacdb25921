using AdPilot.Core.Domain;
using AdPilot.Core.Guardrails;

namespace AdPilot.Core.Tests.Guardrails;

public sealed class CanarySelectionTests
{
    private static KeyValuePair<AdSetRef, decimal> Budget(string id, decimal amount) => KeyValuePair.Create(new AdSetRef(Platform.Instagram, id), amount);

    [Fact]
    public void Choose_TakesTheSmallestAdSetsThatFitTheShare()
    {
        // Total 200: a 25% share allows 50, which the 10 and the 20 fit and the 30 after them would not.
        var chosen = CanarySelection.Choose([Budget("big", 140m), Budget("c", 30m), Budget("a", 10m), Budget("b", 20m)], 0.25m);

        Assert.Equal(["Instagram:a", "Instagram:b"], chosen.Select(a => a.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Choose_EvenTheSmallestTooLarge_Empty()
    {
        Assert.Empty(CanarySelection.Choose([Budget("a", 50m), Budget("b", 50m)], 0.1m));
    }

    [Fact]
    public void Choose_EqualBudgets_TiesBrokenById_SameAnswerWhateverTheOrder()
    {
        var forward = CanarySelection.Choose([Budget("x", 10m), Budget("y", 10m), Budget("z", 80m)], 0.15m);
        var backward = CanarySelection.Choose([Budget("z", 80m), Budget("y", 10m), Budget("x", 10m)], 0.15m);

        Assert.Equal(new AdSetRef(Platform.Instagram, "x"), Assert.Single(forward));
        Assert.Equal(forward, backward);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-0.1)]
    public void Choose_ShareOutsideTheOpenUnitInterval_Throws(decimal share)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CanarySelection.Choose([Budget("a", 1m)], share));
    }

    [Fact]
    public void Choose_NegativeBudget_ThrowsNamingTheAdSet()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => CanarySelection.Choose([Budget("a", -1m)], 0.5m));

        Assert.Contains("Instagram:a", ex.Message, StringComparison.Ordinal);
    }
}
