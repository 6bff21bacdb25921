using System.Net;
using System.Text;
using AdPilot.Connectors.Meta;
using AdPilot.Connectors.Tests.TestData;
using AdPilot.Core.Platforms;

namespace AdPilot.Connectors.Tests.Meta;

public sealed class MetaErrorsTests
{
    private static readonly PlatformErrorContext Context = new(ExternalApi.Meta, "123");

    [Theory]
    [InlineData("error_400_too_many_calls", typeof(PlatformRateLimitedException), "80000/2446079", "this_is_fake_response")]
    [InlineData("error_500_unknown", typeof(PlatformUnavailableException), "1/99", null)]
    [InlineData("error_400_service_temporarily_unavailable", typeof(PlatformUnavailableException), "2", "AnUyGZoFqN2m50GHVpOQEqr")]
    [InlineData("error_500_reduce_the_amount_of_data", typeof(PlatformUnavailableException), "1", null)]
    [InlineData("error_400_validating_access_token_session_expired", typeof(PlatformAuthenticationException), "190/463", null)]
    [InlineData("error_400_validating_access_token_user_changed_their_password", typeof(PlatformAuthenticationException), "190/460", null)]
    [InlineData("error_400_validating_access_token_not_authorized_application", typeof(PlatformAuthenticationException), "190/458",
        "A3pz5DCfhBg3mGCS6Z9z9zY")]
    [InlineData("error_400_missing_permission", typeof(PlatformRequestRejectedException), "100", null)]
    [InlineData("error_403_requires_permission", typeof(PlatformAuthenticationException), "200", null)]
    [InlineData("error_unsupported_get_request", typeof(PlatformRequestRejectedException), "100/33", "A7qVRrTcBm8Pt6iUvnBrxwf")]
    [InlineData("error_400_unknown_profile_is_no_linked", typeof(PlatformRequestRejectedException), "1/2853001", null)]
    public void FromResponse_FixtureEnvelope_MapsToTypedErrorKeepingCodeAndTraceId(
        string name, Type expected, string code, string? traceId)
    {
        var fixture = FixtureFiles.Json("meta", "errors_graph_api.airbyte.json")["cases"]!.AsArray()
            .Single(c => (string)c!["name"]! == name)!;
        using var response = new HttpResponseMessage((HttpStatusCode)(int)fixture["http_status"]!);

        var error = MetaErrors.FromResponse(response, Encoding.UTF8.GetBytes(fixture["body"]!.ToJsonString()), Context);

        Assert.IsType(expected, error);
        Assert.Equal(code, error.Context.ErrorCode);
        Assert.Equal(traceId, error.Context.RequestId);
        Assert.Equal("123", error.Context.AccountId);
    }

    [Fact]
    public void FromResponse_RateLimitWithBusinessUseCaseHeader_WaitsTheEstimatedMinutes()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadRequest);
        response.Headers.TryAddWithoutValidation(
            "X-Business-Use-Case-Usage",
            """{"123":[{"type":"ads_insights","call_count":100,"total_cputime":20,"total_time":20,"estimated_time_to_regain_access":7}]}""");

        var error = MetaErrors.FromResponse(response, """{"error":{"message":"(#80000) too many","code":80000}}"""u8.ToArray(), Context);

        Assert.Equal(TimeSpan.FromMinutes(7), Assert.IsType<PlatformRateLimitedException>(error).RetryAfter);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadGateway, "<html>bad gateway</html>", typeof(PlatformUnavailableException))]
    [InlineData(HttpStatusCode.BadRequest, "{\"unexpected\":true}", typeof(PlatformRequestRejectedException))]
    public void FromResponse_NoGraphEnvelope_FallsBackToTheHttpStatus(HttpStatusCode status, string body, Type expected)
    {
        using var response = new HttpResponseMessage(status);

        Assert.IsType(expected, MetaErrors.FromResponse(response, Encoding.UTF8.GetBytes(body), Context));
    }

    [Fact]
    public void FromResponse_WrongAppSecretProof_IsAnAuthenticationError()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadRequest);
        var body = """{"error":{"message":"Invalid appsecret_proof provided in the API argument","type":"GraphMethodException","code":100,"fbtrace_id":"P"}}""";

        var error = MetaErrors.FromResponse(response, Encoding.UTF8.GetBytes(body), Context);

        Assert.IsType<PlatformAuthenticationException>(error);
        Assert.Equal("100", error.Context.ErrorCode);
    }

    [Theory]
    [InlineData(true, typeof(PlatformChangeLimitException))]
    [InlineData(false, typeof(PlatformRateLimitedException))]
    public void FromResponse_Code17Subcode2446079_IsTheBudgetLimitOnlyOnABudgetWrite(bool budgetWrite, Type expected)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadRequest);
        var body = """{"error":{"message":"(#17) User request limit reached","type":"OAuthException","code":17,"error_subcode":2446079}}""";

        var error = MetaErrors.FromResponse(response, Encoding.UTF8.GetBytes(body), Context, budgetWrite);

        Assert.IsType(expected, error);
        Assert.Equal("17/2446079", error.Context.ErrorCode);
    }
}
