using AdPilot.Core.Domain;
using AdPilot.Core.Features;

namespace AdPilot.Core.Tests.Features;

public sealed class PlatformTargetingTests
{
    [Theory]
    [InlineData(18, 24, AgeGroup.Age18To24)]
    [InlineData(25, 34, AgeGroup.Age25To34)]
    [InlineData(18, 65, AgeGroup.Age35To44)]
    [InlineData(null, null, AgeGroup.Age35To44)]
    [InlineData(45, 54, AgeGroup.Age45To54)]
    [InlineData(55, 65, AgeGroup.Age55Plus)]
    [InlineData(55, null, AgeGroup.Age55Plus)]
    [InlineData(13, 17, AgeGroup.Age18To24)]
    [InlineData(34, 25, AgeGroup.Age25To34)]
    public void FromMeta_AgeRange_MapsToTheBandOfItsMidpoint(int? min, int? max, AgeGroup expected)
    {
        Assert.Equal(expected, PlatformTargeting.FromMeta(min, max));
    }

    [Theory]
    [InlineData(new[] { "AGE_18_24" }, AgeGroup.Age18To24)]
    [InlineData(new[] { "AGE_18_24", "AGE_25_34" }, AgeGroup.Age25To34)]
    [InlineData(new[] { "AGE_35_44" }, AgeGroup.Age35To44)]
    [InlineData(new[] { "AGE_55_100" }, AgeGroup.Age55Plus)]
    [InlineData(new[] { "AGE_45_54", "AGE_55_100" }, AgeGroup.Age55Plus)]
    [InlineData(new[] { "NONE" }, PlatformTargeting.BroadAgeGroup)]
    [InlineData(new string[0], PlatformTargeting.BroadAgeGroup)]
    public void FromTikTok_AgeGroups_MapToABand(string[] groups, AgeGroup expected)
    {
        Assert.Equal(expected, PlatformTargeting.FromTikTok(groups));
    }

    [Theory]
    [InlineData("25-34", AgeGroup.Age25To34)]
    [InlineData("55+", AgeGroup.Age55Plus)]
    [InlineData("18-24", AgeGroup.Age18To24)]
    [InlineData("AGE_45_54", AgeGroup.Age45To54)]
    [InlineData("adults", PlatformTargeting.BroadAgeGroup)]
    [InlineData(null, PlatformTargeting.BroadAgeGroup)]
    public void FromLabel_OurLabelsAndPlatformWords_MapToABand(string? label, AgeGroup expected)
    {
        Assert.Equal(expected, PlatformTargeting.FromLabel(label));
    }

    [Fact]
    public void FromLabel_EveryDomainLabel_RoundTrips()
    {
        Assert.All(Enum.GetValues<AgeGroup>(), a => Assert.Equal(a, PlatformTargeting.FromLabel(a.Label())));
    }

    [Theory]
    [InlineData(new[] { "Fashion accessories", "Skincare" }, Interests.Fashion | Interests.Beauty)]
    [InlineData(new[] { "Cats", "Education" }, Interests.Pets)]
    [InlineData(new[] { "Competition", "Video games" }, Interests.Gaming)]
    [InlineData(new[] { "Home", "Outdoors" }, Interests.Home | Interests.Outdoors)]
    [InlineData(new[] { "Quantum chromodynamics" }, Interests.None)]
    [InlineData(new string[0], Interests.None)]
    public void InterestsFromNames_KnownWords_SetTheirFlags(string[] names, Interests expected)
    {
        Assert.Equal(expected, PlatformTargeting.InterestsFromNames(names));
    }

    [Theory]
    [InlineData(new[] { "UGC" }, CreativeType.Ugc)]
    [InlineData(new[] { "summer-sale" }, CreativeType.Discount)]
    [InlineData(new[] { "20% off" }, CreativeType.Discount)]
    [InlineData(new[] { "Lifestyle video" }, CreativeType.Lifestyle)]
    [InlineData(new[] { "packshot" }, CreativeType.Product)]
    [InlineData(new[] { "hero", "user-generated" }, CreativeType.Ugc)]
    [InlineData(new[] { "wholesale banner" }, PlatformTargeting.DefaultCreativeType)]
    [InlineData(new string[0], PlatformTargeting.DefaultCreativeType)]
    public void CreativeTypeFromTags_Tags_MapToAGroup(string[] tags, CreativeType expected)
    {
        Assert.Equal(expected, PlatformTargeting.CreativeTypeFromTags(tags));
    }
}
