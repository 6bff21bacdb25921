using AdPilot.Core.Domain;
using AdPilot.Runtime.Features;
using AdPilot.Storage.Ingestion;

namespace AdPilot.Runtime.Tests.Features;

public sealed class StoredConfigurationTests
{
    [Fact]
    public void From_StoredWordsAndLabels_MapsToTheDomain()
    {
        var stored = new AdSetRecord
        {
            Platform = Platform.TikTok,
            ExternalId = "ag-1",
            CampaignExternalId = "c-1",
            Name = "yoga",
            Status = "ENABLE",
            DailyBudget = 150.5m,
            Currency = "EUR",
            BidStrategy = "COST_CAP",
            TargetAgeGroup = "25-34",
            Interests = ["Yoga", "Home & Garden"],
            CreativeGroup = "UGC testimonials",
        };

        var configuration = StoredConfiguration.From(stored, "USD");

        Assert.Equal(new Money(150.5m, "EUR"), configuration.DailyBudget);
        Assert.Equal(Platform.TikTok, configuration.Platform);
        Assert.Equal(AgeGroup.Age25To34, configuration.TargetAgeGroup);
        Assert.Equal(Interests.Fitness | Interests.Home, configuration.TargetInterests);
        Assert.Equal(CreativeType.Ugc, configuration.CreativeType);
        Assert.Equal(BidStrategyKind.CostCap, configuration.BidStrategy.Kind);
        Assert.Equal(AdSetStatus.Active, configuration.Status);
    }

    [Fact]
    public void From_NothingButTheRequiredFields_GivesTheDefaults()
    {
        var stored = new AdSetRecord
        {
            Platform = Platform.Instagram, ExternalId = "as-1", CampaignExternalId = "c-1", Name = "x", Status = "ARCHIVED", Currency = "USD",
        };

        var configuration = StoredConfiguration.From(stored, "USD");

        Assert.Equal(new Money(0m, "USD"), configuration.DailyBudget);
        Assert.Equal(AdSetStatus.Paused, configuration.Status);
        Assert.Equal(BidStrategy.LowestCost, configuration.BidStrategy);
        Assert.Equal(Interests.None, configuration.TargetInterests);
        Assert.Equal(AgeGroup.Age35To44, configuration.TargetAgeGroup);
        Assert.Equal(CreativeType.Product, configuration.CreativeType);
    }

    [Theory]
    [InlineData("ACTIVE", AdSetStatus.Active)]
    [InlineData("ENABLE", AdSetStatus.Active)]
    [InlineData("PAUSED", AdSetStatus.Paused)]
    [InlineData("DISABLE", AdSetStatus.Paused)]
    [InlineData(null, AdSetStatus.Paused)]
    public void StatusFromWord_PlatformWords_OnlyDeliveringWordsAreActive(string? word, AdSetStatus expected) =>
        Assert.Equal(expected, StoredConfiguration.StatusFromWord(word));

    [Theory]
    [InlineData("LOWEST_COST_WITHOUT_CAP", BidStrategyKind.LowestCost)]
    [InlineData("COST_CAP", BidStrategyKind.CostCap)]
    [InlineData("LOWEST_COST_WITH_BID_CAP", BidStrategyKind.BidCap)]
    [InlineData("BID_CAP", BidStrategyKind.BidCap)]
    [InlineData("BID_TYPE_NO_BID", BidStrategyKind.LowestCost)]
    public void BidStrategyFromWord_PlatformWords_MapToTheirKind(string word, BidStrategyKind expected) =>
        Assert.Equal(expected, StoredConfiguration.BidStrategyFromWord(word).Kind);
}
