using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using AdPilot.Connectors.Http;
using AdPilot.Connectors.Json;
using AdPilot.Core.Platforms;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static AdPilot.Connectors.Json.JsonFields;

namespace AdPilot.Connectors.Shopify;

/// <summary>
/// Reads a shop's orders updated since a watermark through the Admin GraphQL API, one cursor page at a time, and
/// paces itself by the cost extension Shopify returns with every answer.
/// </summary>
/// <remarks>
/// HTTP-level retries (429, 5xx, transport errors, <c>Retry-After</c>) belong to the resilience pipeline the typed
/// client is registered with; this class only retries a <c>THROTTLED</c> GraphQL answer delivered with HTTP 200,
/// which that pipeline cannot see. It waits, on the injected clock, as long as the bucket needs to refill.
/// </remarks>
public sealed class ShopifyOrdersClient
{
    /// <summary>The orders query. It asks for no customer, address, email or phone field.</summary>
    internal const string Query = """
        query AdPilotOrders($first: Int!, $after: String, $query: String!, $lineItems: Int!, $refunds: Int!) {
          orders(first: $first, after: $after, sortKey: UPDATED_AT, query: $query) {
            pageInfo { hasNextPage endCursor }
            nodes {
              id name createdAt processedAt updatedAt cancelledAt test sourceName
              currentTotalPriceSet { shopMoney { amount currencyCode } }
              totalDiscountsSet { shopMoney { amount currencyCode } }
              discountCodes
              customerJourneySummary {
                lastVisit { landingPage referrerUrl utmParameters { source medium campaign content term } }
              }
              lineItems(first: $lineItems) {
                nodes {
                  id sku quantity
                  originalUnitPriceSet { shopMoney { amount currencyCode } }
                  product { id }
                  variant { id inventoryItem { unitCost { amount currencyCode } } }
                }
              }
              refunds(first: $refunds) { id createdAt processedAt totalRefundedSet { shopMoney { amount currencyCode } } }
            }
          }
        }
        """;

    private readonly HttpClient _httpClient;
    private readonly ShopifyOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ShopifyOrdersClient> _logger;
    private readonly Uri _endpoint;
    private ShopifyThrottleStatus? _lastThrottle;

    /// <summary>Initializes a new instance of the <see cref="ShopifyOrdersClient"/> class.</summary>
    /// <param name="httpClient">The typed client from <c>IHttpClientFactory</c>, with its resilience pipeline.</param>
    /// <param name="options">The shop's options.</param>
    /// <param name="timeProvider">The clock used for throttle waits.</param>
    /// <param name="logger">The logger.</param>
    public ShopifyOrdersClient(
        HttpClient httpClient, IOptions<ShopifyOptions> options, TimeProvider timeProvider, ILogger<ShopifyOrdersClient> logger)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _httpClient = httpClient;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _endpoint = new Uri(_options.EffectiveBaseUrl, _options.GraphQlPath);
    }

    /// <summary>Reads every order updated at or after <paramref name="updatedSince"/>, page by page.</summary>
    /// <param name="updatedSince">The watermark; orders updated exactly then are read again (ingestion is idempotent).</param>
    /// <param name="shopCurrency">The shop's currency; money in any other fails the pull.</param>
    /// <param name="cancellationToken">Cancels the pull.</param>
    /// <returns>The pages, oldest update first.</returns>
    public async IAsyncEnumerable<ShopifyOrdersPage> GetOrdersUpdatedSinceAsync(
        DateTimeOffset updatedSince, string shopCurrency, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? cursor = null;
        do
        {
            var page = await GetOrdersPageAsync(updatedSince, cursor, shopCurrency, cancellationToken).ConfigureAwait(false);
            yield return page;
            cursor = page.EndCursor;
        }
        while (cursor is not null);
    }

    /// <summary>Reads one page of orders updated at or after <paramref name="updatedSince"/>.</summary>
    /// <param name="updatedSince">The watermark.</param>
    /// <param name="after">The previous page's end cursor, or <see langword="null"/> for the first page.</param>
    /// <param name="shopCurrency">The shop's currency.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page.</returns>
    /// <exception cref="PlatformException">The read failed; the subclass says how.</exception>
    public async Task<ShopifyOrdersPage> GetOrdersPageAsync(
        DateTimeOffset updatedSince, string? after, string shopCurrency, CancellationToken cancellationToken)
    {
        var body = BuildRequestBody(updatedSince, after);
        for (var attempt = 0; ; attempt++)
        {
            await WaitForBucketAsync(cancellationToken).ConfigureAwait(false);
            var context = new PlatformErrorContext(ExternalApi.Shopify, _options.ShopDomain);
            using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint)
            {
                Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
            };
            request.Headers.Add("X-Shopify-Access-Token", _options.AdminToken);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

            var (sent, bytes) = await PlatformHttp.SendAsync(_httpClient, request, context, cancellationToken).ConfigureAwait(false);
            using var response = sent;
            if (!response.IsSuccessStatusCode)
            {
                throw HttpStatusErrors.FromStatus(response, context, "the orders query failed");
            }

            using var document = JsonFields.Parse(bytes, context);
            var root = RequireObject(document.RootElement, "$", context);
            var throttle = ReadThrottle(root, context);
            if (throttle is not null)
            {
                _lastThrottle = throttle;
            }

            if (Optional(root, "errors") is { } errors)
            {
                if (!IsThrottled(errors))
                {
                    throw new PlatformRequestRejectedException(context with { ErrorCode = FirstCode(errors) }, FirstMessage(errors));
                }

                var wait = throttle?.WaitFor(throttle.RequestedQueryCost) ?? TimeSpan.FromSeconds(1);
                if (attempt >= _options.MaxThrottleRetries)
                {
                    throw new PlatformRateLimitedException(
                        context with { ErrorCode = "THROTTLED" },
                        $"the orders query stayed throttled after {attempt + 1} attempts",
                        wait);
                }

                // This wait already refills the bucket; pacing must not wait for it a second time.
                _lastThrottle = null;
                _logger.ShopifyThrottled(
                    _options.ShopDomain, throttle?.RequestedQueryCost ?? 0, throttle?.CurrentlyAvailable ?? 0, wait.TotalMilliseconds, attempt + 1);
                await Task.Delay(wait, _timeProvider, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var (orders, endCursor) = ShopifyGraphQlParser.ParseOrders(Required(root, "data", "", context), shopCurrency, context);
            _logger.ShopifyOrdersPageRead(_options.ShopDomain, orders.Count, endCursor is not null);
            return new ShopifyOrdersPage(orders, endCursor, throttle);
        }
    }

    /// <summary>The JSON body of one page's request.</summary>
    internal byte[] BuildRequestBody(DateTimeOffset updatedSince, string? after)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("query", Query);
            writer.WriteStartObject("variables");
            writer.WriteNumber("first", _options.OrdersPageSize);
            if (after is null)
            {
                writer.WriteNull("after");
            }
            else
            {
                writer.WriteString("after", after);
            }

            writer.WriteString("query", SearchQuery(updatedSince));
            writer.WriteNumber("lineItems", _options.LineItemsPerOrder);
            writer.WriteNumber("refunds", _options.RefundsPerOrder);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    /// <summary>Shopify's search syntax for "updated at or after", the timestamp quoted because it holds colons.</summary>
    internal static string SearchQuery(DateTimeOffset updatedSince) =>
        string.Create(CultureInfo.InvariantCulture, $"updated_at:>='{updatedSince.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}'");

    private async Task WaitForBucketAsync(CancellationToken cancellationToken)
    {
        // Pace by the last answer: the next page costs about what the last one was requested at.
        if (_lastThrottle is { } last && last.WaitFor(last.RequestedQueryCost) is { } wait && wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _timeProvider, cancellationToken).ConfigureAwait(false);
            _lastThrottle = null;
        }
    }

    private static ShopifyThrottleStatus? ReadThrottle(JsonElement root, PlatformErrorContext context)
    {
        if (Optional(root, "extensions") is not { } extensions || Optional(extensions, "cost") is not { } cost)
        {
            return null;
        }

        const string path = "extensions.cost";
        var status = Required(cost, "throttleStatus", path, context);
        const string statusPath = "extensions.cost.throttleStatus";
        return new ShopifyThrottleStatus(
            (double)RequiredDecimal(cost, "requestedQueryCost", path, context),
            (double?)OptionalDecimal(cost, "actualQueryCost", path, context),
            (double)RequiredDecimal(status, "maximumAvailable", statusPath, context),
            (double)RequiredDecimal(status, "currentlyAvailable", statusPath, context),
            (double)RequiredDecimal(status, "restoreRate", statusPath, context));
    }

    private static bool IsThrottled(JsonElement errors) =>
        errors.ValueKind == JsonValueKind.Array
        && errors.EnumerateArray().Any(e =>
            Optional(e, "extensions") is { } ext
            && Optional(ext, "code") is { ValueKind: JsonValueKind.String } code
            && code.ValueEquals("THROTTLED"));

    private static string? FirstCode(JsonElement errors) =>
        errors.ValueKind == JsonValueKind.Array
        && errors.EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } first
        && Optional(first, "extensions") is { } ext
        && Optional(ext, "code") is { ValueKind: JsonValueKind.String } code
            ? code.GetString()
            : null;

    private static string FirstMessage(JsonElement errors) =>
        errors.ValueKind == JsonValueKind.Array
        && errors.EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } first
        && Optional(first, "message") is { ValueKind: JsonValueKind.String } message
            ? $"GraphQL error: {message.GetString()}"
            : "GraphQL error";
}
