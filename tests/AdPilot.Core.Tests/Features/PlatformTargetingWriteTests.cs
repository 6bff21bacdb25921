using AdPilot.Core.Domain;
using AdPilot.Core.Features;

namespace AdPilot.Core.Tests.Features;

/// <summary>The mappings AdPilot writes targeting with, each read back to the same value by the mappings it reads with.</summary>
public sealed class PlatformTargetingWriteTests
{
    [Theory]
    [InlineData(AgeGroup.Age18To24, 18, 24, "AGE_18_24")]
    [InlineData(AgeGroup.Age25To34, 25, 34, "AGE_25_34")]
    [InlineData(AgeGroup.Age35To44, 35, 44, "AGE_35_44")]
    [InlineData(AgeGroup.Age45To54, 45, 54, "AGE_45_54")]
    [InlineData(AgeGroup.Age55Plus, 55, 65, "AGE_55_100")]
    public void ToMetaAndTikTok_EachBand_GivesThePlatformsWordsThatReadBackToIt(AgeGroup band, int ageMin, int ageMax, string tiktok)
    {
        Assert.Equal((ageMin, ageMax), PlatformTargeting.ToMetaAgeRange(band));
        Assert.Equal([tiktok], PlatformTargeting.ToTikTokAgeGroups(band));
        Assert.Equal(band, PlatformTargeting.FromMeta(ageMin, ageMax));
        Assert.Equal(band, PlatformTargeting.FromTikTok(PlatformTargeting.ToTikTokAgeGroups(band)));
    }

    [Fact]
    public void ToMetaAgeRange_UndefinedBand_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PlatformTargeting.ToMetaAgeRange((AgeGroup)42));
        Assert.Throws<ArgumentOutOfRangeException>(() => PlatformTargeting.ToTikTokAgeGroups((AgeGroup)42));
    }

    [Fact]
    public void InterestCatalogue_EveryInterest_ReadsBackByNameAndById()
    {
        Assert.Equal(InterestsJsonConverter.Defined, PlatformTargeting.InterestCatalogue.Aggregate(Interests.None, (all, c) => all | c.Interest));
        foreach (var (interest, metaId, name, tiktokId) in PlatformTargeting.InterestCatalogue)
        {
            Assert.Equal(interest, PlatformTargeting.InterestsFromNames([name]));
            Assert.Equal(interest, PlatformTargeting.InterestsFromMetaIds([metaId]));
            Assert.Equal(interest, PlatformTargeting.InterestsFromTikTokCategoryIds([tiktokId]));
        }
    }

    [Fact]
    public void ToMetaInterestsAndTikTokIds_ASet_RoundTripsAndBroadIsEmpty()
    {
        var set = Interests.Fashion | Interests.Pets | Interests.Gaming;

        Assert.Equal(set, PlatformTargeting.InterestsFromMetaIds(PlatformTargeting.ToMetaInterests(set).Select(i => i.Id)));
        Assert.Equal(set, PlatformTargeting.InterestsFromNames(PlatformTargeting.ToMetaInterests(set).Select(i => i.Name)));
        Assert.Equal(set, PlatformTargeting.InterestsFromTikTokCategoryIds(PlatformTargeting.ToTikTokInterestCategoryIds(set)));
        Assert.Empty(PlatformTargeting.ToMetaInterests(Interests.None));
        Assert.Empty(PlatformTargeting.ToTikTokInterestCategoryIds(Interests.None));
        Assert.Null(PlatformTargeting.InterestsFromMetaIds(["6003348604581", "1"]));
        Assert.Equal(Interests.None, PlatformTargeting.InterestsFromTikTokCategoryIds([]));
    }
}
