using System.Globalization;
using System.Text.Json;
using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;

namespace AdPilot.Connectors.Json;

/// <summary>
/// Reads the fields a connector needs from a platform's JSON and turns every surprise (a missing field, a number that
/// is not one, the wrong JSON type) into a <see cref="PlatformResponseException"/> naming the field's path.
/// </summary>
/// <remarks>
/// Connectors read named fields from a <see cref="JsonDocument"/> instead of deserializing whole payloads, so fields
/// AdPilot does not keep (customer names, emails, addresses, phones) never reach one of our objects or a log.
/// </remarks>
internal static class JsonFields
{
    private const NumberStyles DecimalStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;

    /// <summary>
    /// Parses a response and checks that every string in it is text: <see cref="JsonDocument.Parse(ReadOnlyMemory{byte}, JsonDocumentOptions)"/>
    /// accepts invalid UTF-8 and lone surrogate escapes (<c>"\ud800"</c>) inside strings, which would otherwise throw
    /// <see cref="InvalidOperationException"/> from whichever field read them.
    /// </summary>
    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8, PlatformErrorContext context)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8);
        }
        catch (JsonException ex)
        {
            throw new PlatformResponseException(context, $"the response is not valid JSON (at byte {ex.BytePositionInLine})", ex);
        }

        if (FindUndecodableText(document.RootElement, "$") is { } path)
        {
            document.Dispose();
            throw Invalid(context, path, "is not valid text (invalid UTF-8 or a lone UTF-16 surrogate escape)");
        }

        return document;
    }

    /// <summary>The path of the first string or property name in <paramref name="element"/> that cannot be decoded, or null when all can.</summary>
    public static string? FindUndecodableText(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                try
                {
                    _ = element.GetString();
                    return null;
                }
                catch (InvalidOperationException)
                {
                    return path;
                }

            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        return $"{path} (a property name)";
                    }

                    if (FindUndecodableText(property.Value, path + "." + name) is { } bad)
                    {
                        return bad;
                    }
                }

                return null;

            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FindUndecodableText(item, string.Create(CultureInfo.InvariantCulture, $"{path}[{index++}]")) is { } bad)
                    {
                        return bad;
                    }
                }

                return null;

            default:
                return null;
        }
    }

    public static JsonElement RequireObject(JsonElement element, string path, PlatformErrorContext context) =>
        element.ValueKind == JsonValueKind.Object
            ? element
            : throw Invalid(context, path, $"expected an object, found {Describe(element)}");

    public static JsonElement Required(JsonElement parent, string name, string path, PlatformErrorContext context)
    {
        RequireObject(parent, path, context);
        return parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw Invalid(context, Join(path, name), "is missing");
    }

    public static JsonElement? Optional(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    public static IEnumerable<(JsonElement Item, string Path)> RequiredArray(
        JsonElement parent, string name, string path, PlatformErrorContext context) =>
        Items(Required(parent, name, path, context), Join(path, name), context);

    public static IEnumerable<(JsonElement Item, string Path)> OptionalArray(
        JsonElement parent, string name, string path, PlatformErrorContext context) =>
        Optional(parent, name) is { } array ? Items(array, Join(path, name), context) : [];

    public static IEnumerable<(JsonElement Item, string Path)> Items(JsonElement array, string path, PlatformErrorContext context)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw Invalid(context, path, $"expected an array, found {Describe(array)}");
        }

        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            yield return (item, $"{path}[{index}]");
            index++;
        }
    }

    public static string RequiredString(JsonElement parent, string name, string path, PlatformErrorContext context) =>
        AsString(Required(parent, name, path, context), Join(path, name), context);

    public static string? OptionalString(JsonElement parent, string name, string path, PlatformErrorContext context) =>
        Optional(parent, name) is { } value ? AsString(value, Join(path, name), context) : null;

    /// <summary>A string, or a number written as a JSON number (platforms mix both for ids).</summary>
    public static string AsString(JsonElement value, string path, PlatformErrorContext context) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.GetRawText(),
        _ => throw Invalid(context, path, $"expected a string, found {Describe(value)}"),
    };

    public static bool RequiredBoolean(JsonElement parent, string name, string path, PlatformErrorContext context)
    {
        var value = Required(parent, name, path, context);
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Invalid(context, Join(path, name), $"expected true or false, found {Describe(value)}"),
        };
    }

    public static decimal RequiredDecimal(JsonElement parent, string name, string path, PlatformErrorContext context) =>
        AsDecimal(Required(parent, name, path, context), Join(path, name), context);

    public static decimal? OptionalDecimal(JsonElement parent, string name, string path, PlatformErrorContext context) =>
        Optional(parent, name) is { } value ? AsDecimal(value, Join(path, name), context) : null;

    /// <summary>A decimal written as a JSON string (<c>"14.35"</c>, as Meta, TikTok and Shopify do) or a JSON number.</summary>
    public static decimal AsDecimal(JsonElement value, string path, PlatformErrorContext context)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number))
        {
            return number;
        }

        if (value.ValueKind == JsonValueKind.String
            && decimal.TryParse(value.GetString(), DecimalStyle, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }

        throw Invalid(context, path, $"expected a decimal number, found {Describe(value)}");
    }

    public static long RequiredInt64(JsonElement parent, string name, string path, PlatformErrorContext context) =>
        AsInt64(Required(parent, name, path, context), Join(path, name), context);

    public static long? OptionalInt64(JsonElement parent, string name, string path, PlatformErrorContext context) =>
        Optional(parent, name) is { } value ? AsInt64(value, Join(path, name), context) : null;

    /// <summary>A whole number written as a JSON string (<c>"185"</c>) or a JSON number.</summary>
    public static long AsInt64(JsonElement value, string path, PlatformErrorContext context)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number))
        {
            return number;
        }

        if (value.ValueKind == JsonValueKind.String
            && long.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }

        throw Invalid(context, path, $"expected a whole number, found {Describe(value)}");
    }

    public static DateTimeOffset RequiredTimestamp(JsonElement parent, string name, string path, PlatformErrorContext context) =>
        AsTimestamp(Required(parent, name, path, context), Join(path, name), context);

    public static DateTimeOffset? OptionalTimestamp(JsonElement parent, string name, string path, PlatformErrorContext context) =>
        Optional(parent, name) is { } value ? AsTimestamp(value, Join(path, name), context) : null;

    /// <summary>An ISO 8601 timestamp with an offset or <c>Z</c>.</summary>
    public static DateTimeOffset AsTimestamp(JsonElement value, string path, PlatformErrorContext context) =>
        value.ValueKind == JsonValueKind.String
        && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
        && value.GetString()!.Contains('T', StringComparison.Ordinal)
            ? parsed
            : throw Invalid(context, path, $"expected an ISO 8601 timestamp, found {Describe(value)}");

    /// <summary>Money in <paramref name="expectedCurrency"/>; any other currency fails the read.</summary>
    public static Money ToMoney(decimal amount, string currency, string expectedCurrency, string path, PlatformErrorContext context)
    {
        if (!Money.IsCurrencyCode(currency))
        {
            throw Invalid(context, path, $"'{Truncate(currency)}' is not an ISO 4217 currency code");
        }

        return string.Equals(currency, expectedCurrency, StringComparison.Ordinal)
            ? new Money(amount, currency)
            : throw Invalid(context, path, $"is in {currency} but the account's currency is {expectedCurrency} (did the currency change?)");
    }

    public static PlatformResponseException Invalid(PlatformErrorContext context, string path, string problem) =>
        new(context, $"unexpected response: {path} {problem}");

    public static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    /// <summary>Names a value's JSON type, quoting at most a short string value (never a whole payload).</summary>
    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{Truncate(value.GetString()!)}\"",
        JsonValueKind.Number => $"the number {Truncate(value.GetRawText())}",
        JsonValueKind.Undefined => "nothing",
        _ => value.ValueKind.ToString().ToLowerInvariant(),
    };

    private static string Truncate(string text) => text.Length <= 32 ? text : text[..32] + "…";
}
