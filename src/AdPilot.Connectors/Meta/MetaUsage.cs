using System.Text.Json;

namespace AdPilot.Connectors.Meta;

/// <summary>Reads Meta's usage headers (JSON in the header value).</summary>
internal static class MetaUsage
{
    public const string BusinessUseCaseHeader = "X-Business-Use-Case-Usage";

    /// <summary>
    /// The longest <c>estimated_time_to_regain_access</c> (minutes) in <c>X-Business-Use-Case-Usage</c>, as a delay;
    /// <see langword="null"/> when the header is absent, unreadable or says zero.
    /// </summary>
    public static TimeSpan? RegainAccessDelay(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues(BusinessUseCaseHeader, out var values))
        {
            return null;
        }

        var minutes = 0L;
        foreach (var value in values)
        {
            try
            {
                using var document = JsonDocument.Parse(value);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                foreach (var entries in document.RootElement.EnumerateObject())
                {
                    if (entries.Value.ValueKind != JsonValueKind.Array)
                    {
                        continue;
                    }

                    foreach (var entry in entries.Value.EnumerateArray())
                    {
                        if (entry.ValueKind == JsonValueKind.Object
                            && entry.TryGetProperty("estimated_time_to_regain_access", out var eta)
                            && eta.ValueKind == JsonValueKind.Number
                            && eta.TryGetInt64(out var m))
                        {
                            minutes = Math.Max(minutes, m);
                        }
                    }
                }
            }
            catch (JsonException)
            {
                // A header we cannot read says nothing about the wait; the error itself still stands.
            }
        }

        return minutes > 0 ? TimeSpan.FromMinutes(minutes) : null;
    }
}
