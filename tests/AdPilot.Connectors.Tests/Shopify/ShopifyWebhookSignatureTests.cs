using System.Text;
using AdPilot.Connectors.Shopify;
using AdPilot.Connectors.Tests.TestData;

namespace AdPilot.Connectors.Tests.Shopify;

public sealed class ShopifyWebhookSignatureTests
{
    public static TheoryData<string> VectorIds() =>
        new(FixtureFiles.Json("shopify", "webhook_hmac_vectors", "vectors.json")["vectors"]!.AsArray()
            .Select(v => (string)v!["id"]!));

    [Theory]
    [MemberData(nameof(VectorIds))]
    public void IsValid_FixtureVector_MatchesExpectedResult(string id)
    {
        var vector = FixtureFiles.Json("shopify", "webhook_hmac_vectors", "vectors.json")["vectors"]!.AsArray()
            .Single(v => (string)v!["id"]! == id)!;
        var body = FixtureFiles.Bytes("shopify", "webhook_hmac_vectors", (string)vector["raw_body_file"]!);

        var valid = ShopifyWebhookSignature.IsValid(body, (string)vector["x_shopify_hmac_sha256"]!, (string)vector["secret"]!);

        Assert.Equal((bool)vector["expected_valid"]!, valid);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("3X6clrsy+C8mmzR/MeTh6b/EcLr46WLZaU+24GrPXA==")]
    [InlineData("3X6clrsy+C8mmzR/MeTh6b/EcLr46WLZaU+24GrPXOM=3X6c")]
    public void IsValid_MissingOrMalformedHeader_ReturnsFalse(string? header)
    {
        Assert.False(ShopifyWebhookSignature.IsValid("Bf"u8, header, "some-secret"));
    }

    [Fact]
    public void IsValid_BodyChangedByOneByte_ReturnsFalse()
    {
        var body = Encoding.UTF8.GetBytes("Bg");

        Assert.False(ShopifyWebhookSignature.IsValid(body, "3X6clrsy+C8mmzR/MeTh6b/EcLr46WLZaU+24GrPXOM=", "some-secret"));
    }
}
