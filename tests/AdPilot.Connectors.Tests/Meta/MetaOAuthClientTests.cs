using System.Net;
using AdPilot.Connectors.Meta;
using AdPilot.Connectors.Tests.TestData;
using AdPilot.Core.Platforms;
using Microsoft.Extensions.Time.Testing;

namespace AdPilot.Connectors.Tests.Meta;

/// <summary>The exact shape of Meta's token exchange, pinned on a stub (the sandbox tests cover its behaviour).</summary>
public sealed class MetaOAuthClientTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ExchangeAsync_SendsFbExchangeTokenQuery_AndMeasuresExpiryFromExpiresIn()
    {
        var stub = new StubHandler().RespondJson("""{"access_token":"EAAnew","token_type":"bearer","expires_in":5184000}""");
        using var http = stub.CreateClient();
        var client = new MetaOAuthClient(http, new FakeTimeProvider(Now));

        var issued = await client.ExchangeAsync(new Uri("https://graph.example/"), "v25.0", "123", "s3cret", "EAAold", TestContext.Current.CancellationToken);

        var request = Assert.Single(stub.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("https://graph.example/v25.0/oauth/access_token", request.Uri.GetLeftPart(UriPartial.Path));
        Assert.Equal(
            "?grant_type=fb_exchange_token&client_id=123&client_secret=s3cret&fb_exchange_token=EAAold&set_token_expires_in_60_days=true",
            request.Uri.Query);
        Assert.Equal("EAAnew", issued.Value);
        Assert.Equal(Now.AddDays(60), issued.ExpiresAt);
        Assert.DoesNotContain("EAAnew", issued.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"error":{"message":"Error validating client secret.","type":"OAuthException","code":1}}""")]
    [InlineData("""{"error":{"message":"Error validating application. Invalid application ID.","type":"OAuthException","code":101}}""")]
    [InlineData("""{"error":{"message":"Error validating access token: Session has expired","type":"OAuthException","code":190,"error_subcode":463}}""")]
    public async Task ExchangeAsync_RefusedAppOrToken_IsAnAuthenticationError(string body)
    {
        var stub = new StubHandler().Respond(HttpStatusCode.BadRequest, body);
        using var http = stub.CreateClient();
        var client = new MetaOAuthClient(http, new FakeTimeProvider(Now));

        await Assert.ThrowsAsync<PlatformAuthenticationException>(() =>
            client.ExchangeAsync(new Uri("https://graph.example/"), "v25.0", "123", "s3cret", "EAAold", TestContext.Current.CancellationToken));
    }
}
