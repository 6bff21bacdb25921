using System.Text.Json;
using AdPilot.Core.Domain;

namespace AdPilot.Core.Tests.Domain;

public sealed class InterestsJsonConverterTests
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new InterestsJsonConverter() } };

    [Fact]
    public void RoundTrip_EverySetOfInterests_ReadsBackTheSameSet()
    {
        // Ten flags: all 1,024 sets, so no combination escapes.
        var all = Enum.GetValues<Interests>().Aggregate(Interests.None, (acc, i) => acc | i);
        for (var bits = 0; bits <= (int)all; bits++)
        {
            var interests = (Interests)bits;
            var json = JsonSerializer.Serialize(interests, Options);

            Assert.Equal(interests, JsonSerializer.Deserialize<Interests>(json, Options));
        }
    }

    [Fact]
    public void Write_TwoInterests_WritesLowerCaseNamesInDeclarationOrder()
    {
        var json = JsonSerializer.Serialize(Interests.Beauty | Interests.Fashion, Options);

        Assert.Equal("""["fashion","beauty"]""", json);
    }

    [Fact]
    public void Write_None_WritesEmptyArray()
    {
        Assert.Equal("[]", JsonSerializer.Serialize(Interests.None, Options));
    }

    [Fact]
    public void Read_MixedCaseNames_AreAccepted()
    {
        var interests = JsonSerializer.Deserialize<Interests>("""["Fitness","TECH","pets"]""", Options);

        Assert.Equal(Interests.Fitness | Interests.Tech | Interests.Pets, interests);
    }

    [Fact]
    public void Read_UnknownName_ThrowsJsonExceptionNamingItAndTheKnownNames()
    {
        var ex = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Interests>("""["fashion","knitting"]""", Options));

        Assert.Contains("'knitting'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("fashion, beauty", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"fashion\"")]
    [InlineData("3")]
    [InlineData("[1]")]
    [InlineData("[null]")]
    [InlineData("{}")]
    public void Read_NotAnArrayOfNames_ThrowsJsonException(string json)
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Interests>(json, Options));
    }

    [Fact]
    public void Names_ListsEveryInterestButNone_InLowerCase()
    {
        Assert.Equal(
            ["fashion", "beauty", "fitness", "tech", "home", "outdoors", "parenting", "pets", "food", "gaming"],
            InterestsJsonConverter.Names);
    }

    [Theory]
    [InlineData("gaming", Interests.Gaming)]
    [InlineData("HOME", Interests.Home)]
    public void TryParse_KnownName_ReturnsTheInterest(string name, Interests expected)
    {
        Assert.True(InterestsJsonConverter.TryParse(name, out var interest));
        Assert.Equal(expected, interest);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("")]
    [InlineData("fashion ")]
    public void TryParse_UnknownName_ReturnsFalse(string name)
    {
        Assert.False(InterestsJsonConverter.TryParse(name, out var interest));
        Assert.Equal(Interests.None, interest);
    }
}
