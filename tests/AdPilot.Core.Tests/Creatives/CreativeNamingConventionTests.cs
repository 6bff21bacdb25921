using AdPilot.Core.Creatives;
using AdPilot.Core.Domain;

namespace AdPilot.Core.Tests.Creatives;

public sealed class CreativeNamingConventionTests
{
    [Theory]
    [InlineData("ugc_unboxing_v1", CreativeType.Ugc)]
    [InlineData("Spring | UGC | v2", CreativeType.Ugc)]
    [InlineData("lifestyle-beach", CreativeType.Lifestyle)]
    [InlineData("PRODUCT closeup", CreativeType.Product)]
    [InlineData("summer.discount.20off", CreativeType.Discount)]
    [InlineData("ugc ugc twice", CreativeType.Ugc)]
    public void Tag_NameWithOneTypeToken_TagsByConvention(string name, CreativeType expected)
    {
        var tag = new CreativeNamingConvention().Tag("1", name);

        Assert.Equal(expected, tag.Type);
        Assert.Equal(CreativeTagSource.Convention, tag.Source);
    }

    [Theory]
    [InlineData("spring_teaser_v1", "no creative type")]
    [InlineData("productivity hacks", "no creative type")]
    [InlineData("ugcvideo", "no creative type")]
    [InlineData("", "no creative type")]
    [InlineData("ugc vs discount test", "several types (ugc, discount)")]
    public void Tag_NameWithoutExactlyOneType_IsUntaggedWithTheReason(string name, string reason)
    {
        var tag = new CreativeNamingConvention().Tag("1", name);

        Assert.Null(tag.Type);
        Assert.Equal(CreativeTagSource.None, tag.Source);
        Assert.Contains(reason, tag.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Tag_CustomPatternWithTypeGroup_ReadsTheGroup()
    {
        var convention = new CreativeNamingConvention(@"^\[(?<type>[a-z]+)\]");

        Assert.Equal(CreativeType.Lifestyle, convention.Tag("1", "[lifestyle] beach ugc").Type);
        var unknown = convention.Tag("2", "[promo] sale");
        Assert.Null(unknown.Type);
        Assert.Contains("'promo' is not a creative type", unknown.Note, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("(unclosed", "not a valid regular expression")]
    [InlineData("ugc|product", "has no group")]
    public void Constructor_BadPattern_ThrowsNamingTheSetting(string pattern, string problem)
    {
        var ex = Assert.Throws<ArgumentException>(() => new CreativeNamingConvention(pattern));

        Assert.Contains("Creatives:NamePattern", ex.Message, StringComparison.Ordinal);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
    }
}
