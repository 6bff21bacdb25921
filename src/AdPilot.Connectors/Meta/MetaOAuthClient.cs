using System.Globalization;
using AdPilot.Connectors.Access;
using AdPilot.Connectors.Http;
using AdPilot.Core.Platforms;
using static AdPilot.Connectors.Json.JsonFields;

namespace AdPilot.Connectors.Meta;

/// <summary>
/// Meta's token exchange, <c>GET /{version}/oauth/access_token?grant_type=fb_exchange_token&amp;client_id&amp;client_secret&amp;fb_exchange_token</c>:
/// a short-lived user token for a long-lived one when connecting, and a long-lived token that has not expired for a new
/// one when refreshing (with <c>set_token_expires_in_60_days=true</c>, which Meta documents for system-user tokens). It
/// needs no configured access token, so it takes the Graph root per call rather than <see cref="MetaOptions"/>.
/// </summary>
/// <param name="httpClient">The typed client from <c>IHttpClientFactory</c>.</param>
/// <param name="time">The clock the new token's expiry is measured on.</param>
public sealed class MetaOAuthClient(HttpClient httpClient, TimeProvider time)
{
    private readonly HttpClient _httpClient = httpClient ?? throw new ArgumentNullException(nameof(httpClient));
    private readonly TimeProvider _time = time ?? throw new ArgumentNullException(nameof(time));

    /// <summary>Exchanges <paramref name="token"/> for a long-lived token.</summary>
    /// <param name="baseUrl">The Graph root without the version (<c>https://graph.facebook.com/</c>, or the sandbox's).</param>
    /// <param name="apiVersion">The Graph version, e.g. <c>v25.0</c>.</param>
    /// <param name="appId">The app id.</param>
    /// <param name="appSecret">The app secret.</param>
    /// <param name="token">A short-lived user token, or a long-lived token that has not expired.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new token and its expiry.</returns>
    /// <exception cref="PlatformAuthenticationException">
    /// Meta refused the token (expired, revoked, unknown: 190) or the app (a wrong app id, 101, or secret, 1).
    /// </exception>
    /// <exception cref="PlatformException">Another failure.</exception>
    public async Task<IssuedToken> ExchangeAsync(
        Uri baseUrl, string apiVersion, string appId, string appSecret, string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentException.ThrowIfNullOrEmpty(apiVersion);
        ArgumentException.ThrowIfNullOrEmpty(appId);
        ArgumentException.ThrowIfNullOrEmpty(appSecret);
        ArgumentException.ThrowIfNullOrEmpty(token);
        var context = new PlatformErrorContext(ExternalApi.Meta, null);
        var query = string.Join(
            "&",
            new[]
            {
                ("grant_type", "fb_exchange_token"),
                ("client_id", appId),
                ("client_secret", appSecret),
                ("fb_exchange_token", token),
                ("set_token_expires_in_60_days", "true"),
            }.Select(p => p.Item1 + "=" + Uri.EscapeDataString(p.Item2)));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUrl, $"{apiVersion}/oauth/access_token?{query}"));
        var (sent, body) = await PlatformHttp.SendAsync(_httpClient, request, context, cancellationToken).ConfigureAwait(false);
        using var response = sent;
        if (!response.IsSuccessStatusCode)
        {
            var error = MetaErrors.FromResponse(response, body, context);
            throw error.Context.ErrorCode is "1" or "101"
                ? new PlatformAuthenticationException(error.Context, "Meta refused the app id or app secret: " + Detail(error))
                : error;
        }

        using var document = Parse(body, context);
        var root = RequireObject(document.RootElement, "$", context);
        var value = RequiredString(root, "access_token", "", context);
        var expiresIn = OptionalInt64(root, "expires_in", "", context);
        return new IssuedToken(value, expiresIn is > 0 ? _time.GetUtcNow().AddSeconds(expiresIn.Value) : null, []);
    }

    private static string Detail(PlatformException error)
    {
        var prefix = error.Context + ": ";
        return error.Message.StartsWith(prefix, StringComparison.Ordinal) ? error.Message[prefix.Length..] : error.Message;
    }
}
