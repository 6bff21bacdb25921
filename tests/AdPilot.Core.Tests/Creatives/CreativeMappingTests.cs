using AdPilot.Core.Creatives;
using AdPilot.Core.Domain;

namespace AdPilot.Core.Tests.Creatives;

public sealed class CreativeMappingTests
{
    private const string File = """
        # spring campaign
        id:238700000001 = discount
        name:spring_teaser* = lifestyle

        name:*TEST* = none
        name:* ugc * = ugc
        """;

    [Fact]
    public void Tag_IdRule_WinsOverNameRulesAndTheConvention()
    {
        var tagger = new CreativeTagger(new CreativeNamingConvention(), CreativeMapping.Parse(File, "map.txt"));

        var tag = tagger.Tag("238700000001", "spring_teaser_v1 product");

        Assert.Equal(CreativeType.Discount, tag.Type);
        Assert.Equal(CreativeTagSource.Mapping, tag.Source);
        Assert.Equal("map.txt line 2 (id)", tag.Note);
    }

    [Fact]
    public void Tag_NamePattern_MatchesTheWholeNameIgnoringCase_FirstRuleWins()
    {
        var tagger = new CreativeTagger(new CreativeNamingConvention(), CreativeMapping.Parse(File, "map.txt"));

        Assert.Equal(CreativeType.Lifestyle, tagger.Tag("9", "SPRING_TEASER_v3").Type);
        Assert.Equal(CreativeType.Ugc, tagger.Tag("9", "creator ugc clip").Type);
        Assert.Equal(CreativeType.Product, tagger.Tag("9", "product_closeup_v1").Type);
        Assert.Equal(CreativeTagSource.Convention, tagger.Tag("9", "product_closeup_v1").Source);
    }

    [Fact]
    public void Tag_MappedToNone_IsUntaggedOnPurpose()
    {
        var tag = new CreativeTagger(new CreativeNamingConvention(), CreativeMapping.Parse(File, "map.txt")).Tag("9", "ugc A/B test");

        Assert.Null(tag.Type);
        Assert.Equal(CreativeTagSource.Mapping, tag.Source);
        Assert.Contains("maps it to none", tag.Note, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("id:1 = promo", 1, "type", "'promo' is not a creative type")]
    [InlineData("# c\nugc", 2, "line", "expected 'id:<ad id> = <type>'")]
    [InlineData("ad:1 = ugc", 1, "selector", "must start with 'id:' or 'name:'")]
    [InlineData("id: = ugc", 1, "id", "an ad id without spaces is required")]
    [InlineData("name: = ugc", 1, "name", "a name pattern is required")]
    [InlineData("id:7 = ugc\r\n\r\nid:7 = product", 3, "id", "ad 7 is already mapped to ugc on line 1")]
    public void Parse_BadLine_ThrowsNamingTheFileLineAndField(string text, int line, string field, string problem)
    {
        var ex = Assert.Throws<CreativeMappingException>(() => CreativeMapping.Parse(text, "creatives.map"));

        Assert.Equal(line, ex.Line);
        Assert.Equal(field, ex.Field);
        Assert.StartsWith($"creatives.map:{line}: {field}: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SameIdTwiceWithTheSameType_IsAccepted()
    {
        var mapping = CreativeMapping.Parse("id:7 = ugc\nid:7 = UGC", "m");

        Assert.Equal(1, mapping.Count);
        Assert.Equal(CreativeType.Ugc, mapping.Tag("7", null)!.Type);
        Assert.Null(mapping.Tag("8", "ugc"));
    }
}
