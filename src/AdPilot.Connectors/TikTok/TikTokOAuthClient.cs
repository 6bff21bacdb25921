using System.Net.Http.Headers;
using System.Text.Json;
using AdPilot.Connectors.Access;
using AdPilot.Connectors.Http;
using AdPilot.Core.Platforms;
using static AdPilot.Connectors.Json.JsonFields;

namespace AdPilot.Connectors.TikTok;

/// <summary>
/// TikTok's advertiser authorisation (api-reference §2.1): <c>POST oauth2/access_token/</c> turns the authorisation code
/// from the consent page into an advertiser access token, and <c>GET oauth2/advertiser/get/</c> lists the advertisers a
/// token was authorised for. Neither needs a configured token, so it takes the API root per call rather than
/// <see cref="TikTokOptions"/>.
/// </summary>
/// <param name="httpClient">The typed client from <c>IHttpClientFactory</c>.</param>
public sealed class TikTokOAuthClient(HttpClient httpClient)
{
    private readonly HttpClient _httpClient = httpClient ?? throw new ArgumentNullException(nameof(httpClient));

    /// <summary>Exchanges an authorisation code for an advertiser access token.</summary>
    /// <param name="baseUrl">The API root without the version (<c>https://business-api.tiktok.com/open_api/</c>, or the sandbox's).</param>
    /// <param name="apiVersion">The version, e.g. <c>v1.3</c>.</param>
    /// <param name="appId">The developer app's id.</param>
    /// <param name="secret">The developer app's secret.</param>
    /// <param name="authCode">The authorisation code.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The token (TikTok does not say when it expires) and the advertisers it was granted for.</returns>
    /// <exception cref="PlatformException">
    /// TikTok refused: a wrong app id or secret is <see cref="PlatformAuthenticationException"/>, a bad or used code
    /// <see cref="PlatformRequestRejectedException"/>.
    /// </exception>
    public async Task<IssuedToken> ExchangeAuthCodeAsync(
        Uri baseUrl, string apiVersion, string appId, string secret, string authCode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentException.ThrowIfNullOrEmpty(appId);
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentException.ThrowIfNullOrEmpty(authCode);
        var context = new PlatformErrorContext(ExternalApi.TikTok, null);
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new Dictionary<string, string> { ["app_id"] = appId, ["secret"] = secret, ["auth_code"] = authCode });
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, $"{apiVersion}/oauth2/access_token/"))
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        using var document = await SendAsync(request, context, cancellationToken).ConfigureAwait(false);
        var data = TikTokReportParser.RequireSuccess(document.RootElement, context);
        var ids = OptionalArray(data, "advertiser_ids", "data", context).Select(x => AsString(x.Item, x.Path, context)).ToList();
        return new IssuedToken(RequiredString(data, "access_token", "data", context), null, ids);
    }

    /// <summary>Lists the advertisers the token was authorised for, with their names.</summary>
    /// <param name="baseUrl">The API root without the version.</param>
    /// <param name="apiVersion">The version.</param>
    /// <param name="appId">The developer app's id.</param>
    /// <param name="secret">The developer app's secret.</param>
    /// <param name="accessToken">The advertiser access token.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Each advertiser's id and name.</returns>
    /// <exception cref="PlatformException">TikTok refused or failed.</exception>
    public async Task<IReadOnlyList<(string Id, string? Name)>> ListAdvertisersAsync(
        Uri baseUrl, string apiVersion, string appId, string secret, string accessToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        var context = new PlatformErrorContext(ExternalApi.TikTok, null);
        using var request = new HttpRequestMessage(
            HttpMethod.Get,
            new Uri(baseUrl, $"{apiVersion}/oauth2/advertiser/get/?app_id={Uri.EscapeDataString(appId)}&secret={Uri.EscapeDataString(secret)}"));
        request.Headers.Add("Access-Token", accessToken);
        using var document = await SendAsync(request, context, cancellationToken).ConfigureAwait(false);
        var data = TikTokReportParser.RequireSuccess(document.RootElement, context);
        return RequiredArray(data, "list", "data", context)
            .Select(x => (RequiredString(x.Item, "advertiser_id", x.Path, context), OptionalString(x.Item, "advertiser_name", x.Path, context)))
            .ToList();
    }

    private async Task<JsonDocument> SendAsync(HttpRequestMessage request, PlatformErrorContext context, CancellationToken cancellationToken)
    {
        var (sent, bytes) = await PlatformHttp.SendAsync(_httpClient, request, context, cancellationToken).ConfigureAwait(false);
        using var response = sent;
        return response.IsSuccessStatusCode
            ? Parse(bytes, context)
            : throw HttpStatusErrors.FromStatus(response, context, "the request did not reach the API");
    }
}
