using AdPilot.Core.Rewards;

namespace AdPilot.Core.Tests.Rewards;

public sealed class RewardOptionsTests
{
    [Fact]
    public void Validate_Defaults_AreValid()
    {
        Assert.Empty(new RewardOptions().Validate());
    }

    [Fact]
    public void Validate_BadSettings_NameEachField()
    {
        var options = new RewardOptions
        {
            RoasTiers = [new(3, 0.05), new(2, -0.1)],
            PerConversionBonus = -1,
            PoorRoasThreshold = 0,
            HighSpendShareOfDailyBudget = 2,
            PoorRoasPenaltyRate = double.NaN,
            BudgetSpikeThreshold = -0.1,
            BudgetSpikePenaltyRate = -1,
            LagHours = 3,
            LagWeights = [1, 1],
            ExpectedUtmLossRate = 1,
        };

        var errors = options.Validate();

        foreach (var field in new[]
        {
            "RoasTiers[1].Threshold", "RoasTiers[1].BonusShareOfSpend", "PerConversionBonus", "PoorRoasThreshold", "HighSpendShareOfDailyBudget",
            "PoorRoasPenaltyRate", "BudgetSpikeThreshold", "BudgetSpikePenaltyRate", "LagWeights", "ExpectedUtmLossRate",
        })
        {
            Assert.Contains(errors, e => e.StartsWith(field, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void EffectiveRoasTiers_EmptyMeansTheDefaults()
    {
        Assert.Equal(RewardOptions.DefaultRoasTiers, new RewardOptions().EffectiveRoasTiers);
        Assert.Equal([new RoasTier(1.5, 0.01)], new RewardOptions { RoasTiers = [new(1.5, 0.01)] }.EffectiveRoasTiers);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(RewardOptions.MaxLagHours + 1)]
    public void Validate_LagOutOfRange_NamesLagHours(int k)
    {
        Assert.Contains(new RewardOptions { LagHours = k }.Validate(), e => e.StartsWith("LagHours", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_AllZeroLagWeights_Rejected()
    {
        Assert.Contains(new RewardOptions { LagHours = 1, LagWeights = [0, 0] }.Validate(), e => e.StartsWith("LagWeights", StringComparison.Ordinal));
    }

    [Fact]
    public void RewardCalculator_InvalidOptions_ThrowsNamingThem()
    {
        var exception = Assert.Throws<ArgumentException>(() => new RewardCalculator(new RewardOptions { PerConversionBonus = -1 }));

        Assert.Contains("PerConversionBonus", exception.Message, StringComparison.Ordinal);
    }
}
