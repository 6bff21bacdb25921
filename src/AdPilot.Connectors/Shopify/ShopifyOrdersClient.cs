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

    /// <summary>Starts the bulk backfill's query operation.</summary>
    internal const string BulkRunMutation = """
        mutation AdPilotBulkOrders($query: String!) {
          bulkOperationRunQuery(query: $query, groupObjects: true) {
            bulkOperation { id status }
            userErrors { field message code }
          }
        }
        """;

    /// <summary>Polls a bulk operation.</summary>
    internal const string BulkPollQuery = """
        query AdPilotBulkStatus($id: ID!) {
          bulkOperation(id: $id) { id status errorCode objectCount url }
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
        var (document, throttle) = await PostGraphQlAsync(BuildRequestBody(updatedSince, after), "the orders query", cancellationToken).ConfigureAwait(false);
        using (document)
        {
            var context = new PlatformErrorContext(ExternalApi.Shopify, _options.ShopDomain);
            var (orders, endCursor) = ShopifyGraphQlParser.ParseOrders(Required(document.RootElement, "data", "", context), shopCurrency, context);
            _logger.ShopifyOrdersPageRead(_options.ShopDomain, orders.Count, endCursor is not null);
            return new ShopifyOrdersPage(orders, endCursor, throttle);
        }
    }

    /// <summary>
    /// Reads every order updated at or after <paramref name="updatedSince"/> with one bulk query operation (api-reference
    /// §3.4) and returns them all, oldest update first; for small reads (a large one streams with <see cref="BulkOrdersAsync"/>).
    /// </summary>
    /// <param name="updatedSince">The watermark.</param>
    /// <param name="shopCurrency">The shop's currency; money in any other fails the backfill.</param>
    /// <param name="cancellationToken">Cancels the backfill (the operation keeps running at Shopify).</param>
    /// <returns>The orders, oldest update first.</returns>
    /// <exception cref="PlatformException">The operation could not start, failed, did not finish in time, or its file was unreadable.</exception>
    public async Task<IReadOnlyList<ShopifyOrder>> BulkBackfillAsync(
        DateTimeOffset updatedSince, string shopCurrency, CancellationToken cancellationToken)
    {
        var orders = new List<ShopifyOrder>();
        await foreach (var order in BulkOrdersAsync(updatedSince, shopCurrency, cancellationToken).ConfigureAwait(false))
        {
            orders.Add(order);
        }

        return [.. orders.OrderBy(o => o.UpdatedAt).ThenBy(o => o.Id)];
    }

    /// <summary>
    /// Reads every order updated at or after <paramref name="updatedSince"/> with one bulk query operation (api-reference
    /// §3.4): starts <c>bulkOperationRunQuery</c> (grouped objects), polls the operation every
    /// <see cref="ShopifyOptions.BulkPollIntervalMilliseconds"/> on the injected clock until it completes, then streams its
    /// JSONL result, each order with its line items as soon as they are read: however many orders the file holds, only
    /// one order's lines are in memory at a time.
    /// </summary>
    /// <param name="updatedSince">The watermark.</param>
    /// <param name="shopCurrency">The shop's currency; money in any other fails the read.</param>
    /// <param name="cancellationToken">Cancels the read (the operation keeps running at Shopify).</param>
    /// <returns>The orders, in the file's order.</returns>
    /// <exception cref="PlatformException">The operation could not start, failed, did not finish in time, or its file was unreadable.</exception>
    public async IAsyncEnumerable<ShopifyOrder> BulkOrdersAsync(
        DateTimeOffset updatedSince, string shopCurrency, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var context = new PlatformErrorContext(ExternalApi.Shopify, _options.ShopDomain);
        var operationId = await StartBulkQueryAsync(updatedSince, context, cancellationToken).ConfigureAwait(false);
        Uri? url = null;
        for (var poll = 0; ; poll++)
        {
            if (poll >= _options.MaxBulkPolls)
            {
                throw new PlatformUnavailableException(
                    context with { ErrorCode = "TIMEOUT" }, $"the bulk operation did not complete within {_options.MaxBulkPolls} polls");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(_options.BulkPollIntervalMilliseconds), _timeProvider, cancellationToken).ConfigureAwait(false);
            var (status, errorCode, resultUrl) = await PollBulkOperationAsync(operationId, context, cancellationToken).ConfigureAwait(false);
            if (status == "COMPLETED")
            {
                url = resultUrl;
                break;
            }

            if (status is "FAILED" or "CANCELED" or "CANCELING" or "EXPIRED")
            {
                throw new PlatformUnavailableException(context with { ErrorCode = errorCode ?? status }, $"the bulk operation ended {status}");
            }
        }

        if (url is null)
        {
            _logger.ShopifyBulkBackfillRead(_options.ShopDomain, 0);
            yield break;
        }

        // The file is at a signed storage URL: the access token is not sent there.
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        using var response = await PlatformHttp.SendForStreamAsync(_httpClient, request, context, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw HttpStatusErrors.FromStatus(response, context, "the bulk operation's result could not be downloaded");
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var orders = ShopifyGraphQlParser.ParseBulkOrdersAsync(stream, shopCurrency, context, cancellationToken).GetAsyncEnumerator(cancellationToken);
            await using (orders.ConfigureAwait(false))
            {
                var count = 0;
                while (await NextAsync(orders, context).ConfigureAwait(false))
                {
                    count++;
                    yield return orders.Current;
                }

                _logger.ShopifyBulkBackfillRead(_options.ShopDomain, count);
            }
        }
    }

    /// <summary>The inner query of the bulk backfill: the fields of <see cref="Query"/>, with no page sizes (bulk reads every item).</summary>
    internal static string BulkOrdersQuery(DateTimeOffset updatedSince) => $$"""
        {
          orders(sortKey: UPDATED_AT, query: "{{SearchQuery(updatedSince)}}") {
            edges {
              node {
                id name createdAt processedAt updatedAt cancelledAt test sourceName
                currentTotalPriceSet { shopMoney { amount currencyCode } }
                totalDiscountsSet { shopMoney { amount currencyCode } }
                discountCodes
                customerJourneySummary {
                  lastVisit { landingPage referrerUrl utmParameters { source medium campaign content term } }
                }
                refunds { id createdAt processedAt totalRefundedSet { shopMoney { amount currencyCode } } }
                lineItems {
                  edges {
                    node {
                      id sku quantity
                      originalUnitPriceSet { shopMoney { amount currencyCode } }
                      product { id }
                      variant { id inventoryItem { unitCost { amount currencyCode } } }
                    }
                  }
                }
              }
            }
          }
        }
        """;

    private async Task<string> StartBulkQueryAsync(DateTimeOffset updatedSince, PlatformErrorContext context, CancellationToken cancellationToken)
    {
        var body = Body(BulkRunMutation, w => w.WriteString("query", BulkOrdersQuery(updatedSince)));
        var (document, _) = await PostGraphQlAsync(body, "the bulk query", cancellationToken).ConfigureAwait(false);
        using (document)
        {
            const string path = "data.bulkOperationRunQuery";
            var run = Required(Required(document.RootElement, "data", "", context), "bulkOperationRunQuery", "data", context);
            if (OptionalArray(run, "userErrors", path, context).FirstOrDefault() is { Item.ValueKind: JsonValueKind.Object } error)
            {
                throw new PlatformRequestRejectedException(
                    context with { ErrorCode = OptionalString(error.Item, "code", error.Path, context) },
                    $"the bulk query was refused: {OptionalString(error.Item, "message", error.Path, context)}");
            }

            return RequiredString(Required(run, "bulkOperation", path, context), "id", Join(path, "bulkOperation"), context);
        }
    }

    private async Task<(string Status, string? ErrorCode, Uri? Url)> PollBulkOperationAsync(
        string operationId, PlatformErrorContext context, CancellationToken cancellationToken)
    {
        var body = Body(BulkPollQuery, w => w.WriteString("id", operationId));
        var (document, _) = await PostGraphQlAsync(body, "the bulk operation poll", cancellationToken).ConfigureAwait(false);
        using (document)
        {
            const string path = "data.bulkOperation";
            var operation = Required(Required(document.RootElement, "data", "", context), "bulkOperation", "data", context);
            var url = OptionalString(operation, "url", path, context);
            return (
                RequiredString(operation, "status", path, context),
                OptionalString(operation, "errorCode", path, context),
                url is null ? null : Uri.TryCreate(url, UriKind.Absolute, out var parsed) ? parsed : throw Invalid(context, Join(path, "url"), "is not an absolute URL"));
        }
    }

    /// <summary>The next streamed order; a connection lost mid-download is the platform's failure, not an untyped one.</summary>
    private static async Task<bool> NextAsync(IAsyncEnumerator<ShopifyOrder> orders, PlatformErrorContext context)
    {
        try
        {
            return await orders.MoveNextAsync().ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw new PlatformUnavailableException(context, "the bulk operation's result download broke off", ex);
        }
    }

    /// <summary>
    /// Posts one GraphQL document; retries a <c>THROTTLED</c> answer after the bucket has refilled; fails on any other
    /// GraphQL error. The caller disposes the returned document.
    /// </summary>
    private async Task<(JsonDocument Document, ShopifyThrottleStatus? Throttle)> PostGraphQlAsync(
        byte[] body, string what, CancellationToken cancellationToken)
    {
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
                throw HttpStatusErrors.FromStatus(response, context, $"{what} failed");
            }

            var document = JsonFields.Parse(bytes, context);
            try
            {
                var root = RequireObject(document.RootElement, "$", context);
                var throttle = ReadThrottle(root, context);
                if (throttle is not null)
                {
                    _lastThrottle = throttle;
                }

                if (Optional(root, "errors") is not { } errors)
                {
                    return (document, throttle);
                }

                if (!IsThrottled(errors))
                {
                    throw new PlatformRequestRejectedException(context with { ErrorCode = FirstCode(errors) }, FirstMessage(errors));
                }

                if (throttle is { } t && t.RequestedQueryCost > t.MaximumAvailable)
                {
                    // Waiting never helps: the bucket can never hold this query's cost.
                    throw new PlatformRequestRejectedException(
                        context with { ErrorCode = "THROTTLED" },
                        string.Create(
                            System.Globalization.CultureInfo.InvariantCulture,
                            $"{what} costs {t.RequestedQueryCost} points but the shop's bucket holds at most {t.MaximumAvailable}: lower Shopify:OrdersPageSize or Shopify:LineItemsPerOrder"));
                }

                var wait = throttle?.WaitFor(throttle.RequestedQueryCost) ?? TimeSpan.FromSeconds(1);
                if (attempt >= _options.MaxThrottleRetries)
                {
                    throw new PlatformRateLimitedException(
                        context with { ErrorCode = "THROTTLED" },
                        $"{what} stayed throttled after {attempt + 1} attempts",
                        wait);
                }

                // This wait already refills the bucket; pacing must not wait for it a second time.
                _lastThrottle = null;
                _logger.ShopifyThrottled(
                    _options.ShopDomain, throttle?.RequestedQueryCost ?? 0, throttle?.CurrentlyAvailable ?? 0, wait.TotalMilliseconds, attempt + 1);
                document.Dispose();
                await Task.Delay(wait, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                document.Dispose();
                throw;
            }
        }
    }

    /// <summary>The JSON body of one page's request.</summary>
    internal byte[] BuildRequestBody(DateTimeOffset updatedSince, string? after) => Body(Query, writer =>
    {
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
    });

    private static byte[] Body(string query, Action<Utf8JsonWriter> writeVariables)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("query", query);
            writer.WriteStartObject("variables");
            writeVariables(writer);
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
