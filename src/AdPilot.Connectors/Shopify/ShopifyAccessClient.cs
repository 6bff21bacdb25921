using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AdPilot.Connectors.Http;
using AdPilot.Connectors.Json;
using AdPilot.Core.Platforms;
using Microsoft.Extensions.Options;
using static AdPilot.Connectors.Json.JsonFields;

namespace AdPilot.Connectors.Shopify;

/// <summary>
/// Reads what onboarding verifies on Shopify, in one Admin GraphQL query:
/// <c>shop { myshopifyDomain currencyCode ianaTimezone }</c> and <c>currentAppInstallation { accessScopes { handle } }</c>.
/// A THROTTLED answer fails the read (it costs a few points; a retry belongs to the caller).
/// </summary>
public sealed class ShopifyAccessClient
{
    /// <summary>The query sent.</summary>
    internal const string Query =
        "query Access { shop { myshopifyDomain currencyCode ianaTimezone } currentAppInstallation { accessScopes { handle } } }";

    private readonly HttpClient _httpClient;
    private readonly ShopifyOptions _options;

    /// <summary>Initializes a new instance of the <see cref="ShopifyAccessClient"/> class.</summary>
    /// <param name="httpClient">The typed client from <c>IHttpClientFactory</c>.</param>
    /// <param name="options">The shop's options.</param>
    public ShopifyAccessClient(HttpClient httpClient, IOptions<ShopifyOptions> options)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        _httpClient = httpClient;
        _options = options.Value;
    }

    /// <summary>Reads the shop's currency and time zone and the app's granted scopes.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The shop's profile.</returns>
    /// <exception cref="PlatformException">The read failed; an invalid or revoked token is <see cref="PlatformAuthenticationException"/> (HTTP 401).</exception>
    public async Task<ShopifyShopProfile> GetShopAsync(CancellationToken cancellationToken)
    {
        using var document = await PostAsync(Query, "the access query", cancellationToken).ConfigureAwait(false);
        var context = Context();
        var data = Required(document.Document.RootElement, "data", "", context);
        var shop = Required(data, "shop", "data", context);
        var installation = Required(data, "currentAppInstallation", "data", context);
        var scopes = RequiredArray(installation, "accessScopes", "data.currentAppInstallation", context)
            .Select(x => RequiredString(x.Item, "handle", x.Path, context))
            .ToList();
        return new ShopifyShopProfile(
            OptionalString(shop, "myshopifyDomain", "data.shop", context) ?? _options.ShopDomain,
            RequiredString(shop, "currencyCode", "data.shop", context),
            RequiredString(shop, "ianaTimezone", "data.shop", context),
            scopes,
            document.ServerTime);
    }

    private PlatformErrorContext Context() => new(ExternalApi.Shopify, _options.ShopDomain);

    /// <summary>Posts one GraphQL document; fails on any GraphQL error. The caller disposes the result.</summary>
    internal async Task<GraphQlAnswer> PostAsync(string query, string what, CancellationToken cancellationToken, Action<Utf8JsonWriter>? variables = null)
    {
        var context = Context();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_options.EffectiveBaseUrl, _options.GraphQlPath))
        {
            Content = new ByteArrayContent(Body(query, variables)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        request.Headers.Add("X-Shopify-Access-Token", _options.AdminToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var (sent, bytes) = await PlatformHttp.SendAsync(_httpClient, request, context, cancellationToken).ConfigureAwait(false);
        using var response = sent;
        if (!response.IsSuccessStatusCode)
        {
            throw HttpStatusErrors.FromStatus(response, context, $"{what} failed");
        }

        var document = JsonFields.Parse(bytes, context);
        try
        {
            var root = RequireObject(document.RootElement, "$", context);
            if (Optional(root, "errors") is { } errors)
            {
                var first = errors.ValueKind == JsonValueKind.Array ? errors.EnumerateArray().FirstOrDefault() : default;
                var code = first.ValueKind == JsonValueKind.Object && Optional(first, "extensions") is { } ext
                    && Optional(ext, "code") is { ValueKind: JsonValueKind.String } c ? c.GetString() : null;
                var message = first.ValueKind == JsonValueKind.Object && Optional(first, "message") is { ValueKind: JsonValueKind.String } m
                    ? m.GetString()
                    : "unknown";
                throw code == "THROTTLED"
                    ? new PlatformRateLimitedException(context with { ErrorCode = code }, $"{what} was throttled; try again in a few seconds", TimeSpan.FromSeconds(1))
                    : new PlatformRequestRejectedException(context with { ErrorCode = code }, $"{what} failed: GraphQL error: {message}");
            }

            return new GraphQlAnswer(document, response.Headers.Date);
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    private static byte[] Body(string query, Action<Utf8JsonWriter>? variables)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("query", query);
            writer.WriteStartObject("variables");
            variables?.Invoke(writer);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    /// <summary>A successful GraphQL answer and its <c>Date</c> header.</summary>
    internal sealed record GraphQlAnswer(JsonDocument Document, DateTimeOffset? ServerTime) : IDisposable
    {
        public void Dispose() => Document.Dispose();
    }
}
