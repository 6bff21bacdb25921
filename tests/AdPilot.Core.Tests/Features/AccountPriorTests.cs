using AdPilot.Core.Features;

namespace AdPilot.Core.Tests.Features;

public sealed class AccountPriorTests
{
    [Fact]
    public void FromTotals_SmallAccount_ShrinksTowardTheDefaults()
    {
        var small = AccountPrior.FromTotals(impressions: 100, clicks: 10, purchases: 5);
        var large = AccountPrior.FromTotals(impressions: 10_000_000, clicks: 200_000, purchases: 6_000);

        Assert.InRange(small.Ctr, 0.01, 0.02);
        Assert.Equal(0.02, large.Ctr, 4);
        Assert.Equal(0.03, large.Cvr, 4);
        Assert.Equal(AccountPrior.Default, AccountPrior.FromTotals(0, 0, 0));
    }

    [Fact]
    public void Validate_NegativeOrNonFinite_NamesTheField()
    {
        var errors = new AccountPrior(-0.1, double.NaN, 0.02, 200).Validate();

        Assert.Equal(2, errors.Count);
        Assert.StartsWith("Ctr ", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("CtrWeightImpressions", errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Default_IsTheSimulatorsPrior()
    {
        Assert.Equal(new AccountPrior(0.01, 2_000, 0.02, 200), AccountPrior.Default);
    }
}
