using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace AdPilot.Runtime.Observability;

/// <summary>
/// Counts every request a connector's client sends (each attempt: it sits inside the resilience pipeline, so a retried
/// call counts twice) by HTTP status class, counts the failures by kind, and reads each answer's rate-limit headroom
/// into <see cref="AdPilotMetrics"/>.
/// </summary>
/// <remarks>
/// <para>Error kinds: <c>throttled</c> (HTTP 429, Meta's rate-limit codes 4, 17, 32, 613 and 80000–80014, TikTok's 40016,
/// 40100 and 40133, Shopify's <c>THROTTLED</c>), <c>auth</c> (401, 403, Meta's 10, 102, 190 and 200–299, TikTok's 40001,
/// 40102, 40104 and 40105), <c>server</c> (5xx, TikTok codes of 50000 and above), <c>timeout</c> (HTTP 408, or no answer
/// before the attempt's time limit; a call the caller cancelled counts here too, as the handler cannot tell the two
/// apart), <c>network</c> (the service could not be reached), <c>client</c> (any other refusal).</para>
/// <para>What is cheap and honest to read here: status codes; Meta's error bodies (non-2xx, small); TikTok's envelope
/// <c>code</c> (errors arrive with HTTP 200; the connector buffers these bodies anyway, and the code is the envelope's
/// first field); Shopify's GraphQL <c>errors</c> and <c>extensions.cost</c> (answers of <c>graphql.json</c> only, which
/// the client buffers anyway; a bulk result download is streamed and never read here). Not counted: the per-item errors
/// inside a 200 answer of Meta's batch API (the actuator logs each failed item), and a Shopify GraphQL answer's
/// <c>userErrors</c>.</para>
/// <para>Headroom: Meta's highest usage percentage over <c>X-App-Usage</c>, <c>X-Ad-Account-Usage</c> and
/// <c>X-Business-Use-Case-Usage</c> (1 − pct/100; an answer without the headers leaves the last value); Shopify's
/// <c>currentlyAvailable / maximumAvailable</c>. TikTok sends no rate-limit information, so it has no headroom.</para>
/// </remarks>
/// <param name="platform">The API: <see cref="ApiPlatforms.Meta"/>, <see cref="ApiPlatforms.TikTok"/> or <see cref="ApiPlatforms.Shopify"/>.</param>
/// <param name="metrics">Where to record.</param>
public sealed class ApiMetricsHandler(string platform, AdPilotMetrics metrics) : DelegatingHandler
{
    private static readonly string[] MetaUsageHeaders = ["X-App-Usage", "X-Ad-Account-Usage", "X-Business-Use-Case-Usage"];
    private static readonly HashSet<string> MetaUsageFields = new(StringComparer.Ordinal) { "call_count", "total_cputime", "total_time", "acc_id_util_pct" };

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            metrics.ApiCall(platform, "none");
            metrics.ApiError(platform, "network");
            throw;
        }
        catch (OperationCanceledException)
        {
            metrics.ApiCall(platform, "none");
            metrics.ApiError(platform, "timeout");
            throw;
        }

        var status = (int)response.StatusCode;
        metrics.ApiCall(platform, StatusClass(status));
        var kind = KindOfStatus(response.StatusCode);
        try
        {
            switch (platform)
            {
                case ApiPlatforms.Meta:
                    ReadMetaHeadroom(response);
                    if (!response.IsSuccessStatusCode)
                    {
                        using var error = await ParseAsync(response, cancellationToken).ConfigureAwait(false);
                        kind = MetaKind(error.RootElement) ?? kind;
                    }

                    break;
                case ApiPlatforms.TikTok when response.IsSuccessStatusCode && IsJson(response):
                    kind = await TikTokKindAsync(response, cancellationToken).ConfigureAwait(false);
                    break;
                case ApiPlatforms.Shopify when response.IsSuccessStatusCode && IsJson(response) && IsGraphQl(request):
                    using (var answer = await ParseAsync(response, cancellationToken).ConfigureAwait(false))
                    {
                        kind = ReadShopify(answer.RootElement);
                    }

                    break;
            }
        }
        catch (JsonException)
        {
            // An unreadable body is the connector's to report; the call is counted by its status.
        }

        if (kind is not null)
        {
            metrics.ApiError(platform, kind);
        }

        return response;
    }

    /// <summary>The status class label: <c>2xx</c>, <c>3xx</c>, <c>4xx</c>, <c>5xx</c>.</summary>
    internal static string StatusClass(int status) => status switch
    {
        >= 200 and < 300 => "2xx",
        >= 300 and < 400 => "3xx",
        >= 400 and < 500 => "4xx",
        >= 500 and < 600 => "5xx",
        _ => status.ToString(CultureInfo.InvariantCulture),
    };

    private static string? KindOfStatus(HttpStatusCode status) => (int)status switch
    {
        < 400 => null,
        429 => "throttled",
        401 or 403 => "auth",
        408 => "timeout",
        >= 500 => "server",
        _ => "client",
    };

    /// <summary>
    /// The body buffered (the connector reads these bodies whole anyway, and reads the same bytes after us) and parsed into
    /// pooled memory, leaving the content's stream at its start.
    /// </summary>
    private static async Task<JsonDocument> ParseAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            stream.Position = 0;
        }
    }

    private static bool IsJson(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType is { } type && type.Contains("json", StringComparison.OrdinalIgnoreCase);

    private static bool IsGraphQl(HttpRequestMessage request) =>
        request.Method == HttpMethod.Post && request.RequestUri?.AbsolutePath.EndsWith("graphql.json", StringComparison.Ordinal) == true;

    /// <summary>Meta's Graph error envelope's code, classified as the connector does (api-reference §1.7).</summary>
    private static string? MetaKind(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("error", out var error)
            || error.ValueKind != JsonValueKind.Object
            || !error.TryGetProperty("code", out var codeElement)
            || !codeElement.TryGetInt32(out var code))
        {
            return null;
        }

        return code switch
        {
            4 or 17 or 32 or 613 or (>= 80000 and <= 80014) => "throttled",
            190 or 102 or 10 or (>= 200 and <= 299) => "auth",
            1 or 2 => "server",
            _ => null,
        };
    }

    /// <summary>
    /// TikTok's envelope <c>code</c>, read from the start of the body only (it is the envelope's first field; a report page
    /// is not parsed twice): 0 is success, the rest classified as the connector does (api-reference §2.4).
    /// </summary>
    private static async Task<string?> TikTokKindAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        const int Prefix = 4096;
        await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(Prefix);
        try
        {
            var read = await stream.ReadAtLeastAsync(buffer.AsMemory(0, Prefix), Prefix, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            return TikTokKind(buffer.AsSpan(0, read), isFinalBlock: read < Prefix);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            stream.Position = 0;
        }
    }

    private static string? TikTokKind(ReadOnlySpan<byte> body, bool isFinalBlock)
    {
        var reader = new Utf8JsonReader(body, isFinalBlock, default);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isCode = reader.ValueTextEquals("code");
            if (!reader.Read())
            {
                return null;
            }

            if (isCode)
            {
                return reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var code)
                    ? code switch
                    {
                        0 => null,
                        40016 or 40100 or 40133 => "throttled",
                        40001 or 40102 or 40104 or 40105 => "auth",
                        40202 or >= 50000 => "server",
                        _ => "client",
                    }
                    : null;
            }

            if (!reader.TrySkip())
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>A Shopify GraphQL answer: records the bucket's headroom and returns the error kind of its <c>errors</c>, if any.</summary>
    private string? ReadShopify(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (root.TryGetProperty("extensions", out var extensions)
            && extensions.ValueKind == JsonValueKind.Object
            && extensions.TryGetProperty("cost", out var cost)
            && cost.ValueKind == JsonValueKind.Object
            && cost.TryGetProperty("throttleStatus", out var status)
            && status.ValueKind == JsonValueKind.Object
            && status.TryGetProperty("currentlyAvailable", out var available) && available.TryGetDouble(out var a)
            && status.TryGetProperty("maximumAvailable", out var maximum) && maximum.TryGetDouble(out var m)
            && m > 0)
        {
            metrics.RateLimitHeadroom(platform, a / m);
        }

        if (!root.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Array || errors.GetArrayLength() == 0)
        {
            return null;
        }

        return errors.EnumerateArray().Any(e =>
            e.ValueKind == JsonValueKind.Object
            && e.TryGetProperty("extensions", out var ext) && ext.ValueKind == JsonValueKind.Object
            && ext.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String
            && code.ValueEquals("THROTTLED"))
            ? "throttled"
            : "client";
    }

    /// <summary>The highest usage percentage in Meta's usage headers; absent headers leave the last value.</summary>
    private void ReadMetaHeadroom(HttpResponseMessage response)
    {
        double? highest = null;
        foreach (var name in MetaUsageHeaders)
        {
            if (!response.Headers.TryGetValues(name, out var values))
            {
                continue;
            }

            foreach (var value in values)
            {
                try
                {
                    using var document = JsonDocument.Parse(value);
                    highest = Max(highest, HighestUsage(document.RootElement, null));
                }
                catch (JsonException)
                {
                    // An unreadable header counts as absent, as the connector's pacer treats it.
                }
            }
        }

        if (highest is { } pct)
        {
            metrics.RateLimitHeadroom(platform, 1 - (pct / 100));
        }
    }

    private static double? HighestUsage(JsonElement element, string? name)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                double? inObject = null;
                foreach (var property in element.EnumerateObject())
                {
                    inObject = Max(inObject, HighestUsage(property.Value, property.Name));
                }

                return inObject;
            case JsonValueKind.Array:
                double? inArray = null;
                foreach (var item in element.EnumerateArray())
                {
                    inArray = Max(inArray, HighestUsage(item, name));
                }

                return inArray;
            case JsonValueKind.Number when name is not null && MetaUsageFields.Contains(name) && element.TryGetDouble(out var pct) && double.IsFinite(pct):
                return pct;
            default:
                return null;
        }
    }

    private static double? Max(double? a, double? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);
}
