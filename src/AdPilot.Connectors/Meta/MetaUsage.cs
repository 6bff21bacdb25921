using System.Text.Json;
using AdPilot.Connectors.Json;

namespace AdPilot.Connectors.Meta;

/// <summary>
/// Reads Meta's usage headers (JSON in the header value): <c>X-App-Usage</c>, <c>X-Ad-Account-Usage</c> and
/// <c>X-Business-Use-Case-Usage</c>. A header that cannot be read counts as absent: it never fails a call.
/// </summary>
internal static class MetaUsage
{
    public const string AppHeader = "X-App-Usage";
    public const string AdAccountHeader = "X-Ad-Account-Usage";
    public const string BusinessUseCaseHeader = "X-Business-Use-Case-Usage";

    public static MetaUsageSnapshot Read(HttpResponseMessage response) =>
        Read(name => response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null);

    public static MetaUsageSnapshot Read(Func<string, string?> header)
    {
        using var app = TryParse(header(AppHeader));
        using var account = TryParse(header(AdAccountHeader));
        using var business = TryParse(header(BusinessUseCaseHeader));
        var appRoot = app?.RootElement;
        var useCases = new List<MetaBusinessUseCaseUsage>();
        if (business?.RootElement is { ValueKind: JsonValueKind.Object } byObject)
        {
            foreach (var entries in byObject.EnumerateObject())
            {
                if (entries.Value.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                foreach (var entry in entries.Value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object))
                {
                    useCases.Add(new MetaBusinessUseCaseUsage(
                        entries.Name,
                        entry.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString()! : "",
                        Number(entry, "call_count"),
                        Number(entry, "total_cputime"),
                        Number(entry, "total_time"),
                        TimeSpan.FromMinutes(Number(entry, "estimated_time_to_regain_access") ?? 0)));
                }
            }
        }

        return new MetaUsageSnapshot(
            appRoot is { } a ? Number(a, "call_count") : null,
            appRoot is { } b ? Number(b, "total_cputime") : null,
            appRoot is { } c ? Number(c, "total_time") : null,
            account?.RootElement is { } d ? Number(d, "acc_id_util_pct") : null,
            useCases);
    }

    /// <summary>
    /// The longest <c>estimated_time_to_regain_access</c> in <c>X-Business-Use-Case-Usage</c>, as a delay;
    /// <see langword="null"/> when the header is absent, unreadable or says zero.
    /// </summary>
    public static TimeSpan? RegainAccessDelay(HttpResponseMessage response)
    {
        var longest = Read(response).BusinessUseCases.Select(b => b.EstimatedTimeToRegainAccess).DefaultIfEmpty().Max();
        return longest > TimeSpan.Zero ? longest : null;
    }

    private static JsonDocument? TryParse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        try
        {
            var document = JsonDocument.Parse(value);
            if (document.RootElement.ValueKind == JsonValueKind.Object && JsonFields.FindUndecodableText(document.RootElement, "$") is null)
            {
                return document;
            }

            document.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static double? Number(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object
        && obj.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.Number
        && value.TryGetDouble(out var number)
        && double.IsFinite(number)
            ? number
            : null;
}
