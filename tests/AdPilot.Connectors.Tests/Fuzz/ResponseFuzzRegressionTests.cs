using System.Net;
using AdPilot.Connectors.Json;
using AdPilot.Connectors.Meta;
using AdPilot.Connectors.Shopify;
using AdPilot.Connectors.TikTok;
using AdPilot.Core.Platforms;

namespace AdPilot.Connectors.Tests.Fuzz;

/// <summary>The minimal inputs of the bugs the response fuzzing found (docs/fuzzing.md), kept as regression tests.</summary>
public sealed class ResponseFuzzRegressionTests
{
    private static readonly PlatformErrorContext Meta = new(ExternalApi.Meta, "42");

    /// <summary>Found by Meta.access (invalid-utf8): the field read threw InvalidOperationException ("Cannot transcode invalid UTF-8").</summary>
    [Fact]
    public void Parse_InvalidUtf8InsideAString_ThrowsResponseExceptionNamingTheField()
    {
        byte[] body = [.. "{\"data\":[{\"permission\":\""u8, 0xC3, 0x28, .. "\"}]}"u8];

        var error = Assert.Throws<PlatformResponseException>(() => JsonFields.Parse(body, Meta));

        Assert.Contains("$.data[0].permission is not valid text", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Found by TikTok.access (insert-token "\ud800"): a lone surrogate escape threw InvalidOperationException when read.</summary>
    [Fact]
    public void Parse_LoneSurrogateEscape_ThrowsResponseExceptionNamingTheField()
    {
        var error = Assert.Throws<PlatformResponseException>(() => JsonFields.Parse("""{"code":0,"message":"OK\ud800"}"""u8.ToArray(), Meta));

        Assert.Contains("$.message is not valid text", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Found by Shopify.access: a lone surrogate in a property name.</summary>
    [Fact]
    public void Parse_LoneSurrogateInPropertyName_ThrowsResponseException()
    {
        var error = Assert.Throws<PlatformResponseException>(() => JsonFields.Parse("""{"data":{"\udfff":1}}"""u8.ToArray(), Meta));

        Assert.Contains("$.data (a property name) is not valid text", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Found by Meta.batch: a Graph error body whose message is not valid text becomes an HTTP status error, not a crash.</summary>
    [Fact]
    public void FromResponse_ErrorMessageWithLoneSurrogate_FallsBackToTheStatus()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadRequest);

        var error = MetaErrors.FromResponse(response, """{"error":{"message":"\ud800","code":100}}"""u8.ToArray(), Meta);

        Assert.IsType<PlatformRequestRejectedException>(error);
        Assert.Contains("the error body's $.error.message is not valid text", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Found by TikTok.access, Meta.adsets, Shopify.access (json-huge-string): the platform's own error text was echoed whole (70 kB to 1.1 MB).</summary>
    [Fact]
    public void FromCode_HugePlatformMessage_MessageCutWithItsLength()
    {
        var error = TikTokErrors.FromCode(50000, new string('x', 70_000), new PlatformErrorContext(ExternalApi.TikTok, "7"));

        Assert.InRange(error.Message.Length, 1, PlatformException.MaxMessageLength + 40);
        Assert.StartsWith("TikTok account 7, code 50000: xxx", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("… (70,030 characters)", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Found by Shopify.webhook-subscriptions: a huge GraphQL error code went into the context's code and the message.</summary>
    [Fact]
    public void Parse_WebhookBodyWithHugeField_ErrorStaysShort()
    {
        var body = System.Text.Encoding.UTF8.GetBytes("{\"id\":\"" + new string('x', 100_000) + "\"}");

        var error = Assert.ThrowsAny<PlatformException>(() => ShopifyWebhookParser.Parse(ShopifyWebhookTopic.OrdersCreate, body, "shop.myshopify.com", "USD"));

        Assert.InRange(error.Message.Length, 1, PlatformException.MaxMessageLength + 40);
    }
}
