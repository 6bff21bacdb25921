using System.Globalization;
using System.Text.Json;
using AdPilot.Connectors.Http;
using AdPilot.Connectors.Json;
using AdPilot.Core.Platforms;
using static AdPilot.Connectors.Json.JsonFields;

namespace AdPilot.Connectors.Meta;

/// <summary>
/// Turns Graph API error envelopes (<c>{"error":{"message","type","code","error_subcode","is_transient","fbtrace_id"}}</c>)
/// into typed errors that keep Meta's code, subcode and trace id.
/// </summary>
internal static class MetaErrors
{
    public static PlatformException FromResponse(HttpResponseMessage response, ReadOnlyMemory<byte> body, PlatformErrorContext context)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return HttpStatusErrors.FromStatus(response, context, "the error body is not JSON");
        }

        using (document)
        {
            if (Optional(document.RootElement, "error") is not { ValueKind: JsonValueKind.Object } error
                || Optional(error, "code") is not { ValueKind: JsonValueKind.Number } codeElement
                || !codeElement.TryGetInt32(out var code))
            {
                return HttpStatusErrors.FromStatus(response, context, "no Graph error envelope");
            }

            int? subcode = Optional(error, "error_subcode") is { ValueKind: JsonValueKind.Number } s && s.TryGetInt32(out var sc) ? sc : null;
            bool? isTransient = Optional(error, "is_transient") switch
            {
                { ValueKind: JsonValueKind.True } => true,
                { ValueKind: JsonValueKind.False } => false,
                _ => null,
            };
            var traceId = Optional(error, "fbtrace_id") is { ValueKind: JsonValueKind.String } t ? t.GetString() : null;
            var message = Optional(error, "message") is { ValueKind: JsonValueKind.String } m ? m.GetString()! : "Graph API error";
            var codeText = subcode is null
                ? code.ToString(CultureInfo.InvariantCulture)
                : string.Create(CultureInfo.InvariantCulture, $"{code}/{subcode}");
            var withCode = context with { ErrorCode = codeText, RequestId = traceId };
            return Classify(code, isTransient, (int)response.StatusCode) switch
            {
                MetaErrorKind.RateLimited => new PlatformRateLimitedException(withCode, message, MetaUsage.RegainAccessDelay(response)),
                MetaErrorKind.Transient => new PlatformUnavailableException(withCode, message),
                MetaErrorKind.Authentication => new PlatformAuthenticationException(withCode, message),
                _ => new PlatformRequestRejectedException(withCode, message),
            };
        }
    }

    /// <summary>The classification table of api-reference.md §1.7.</summary>
    /// <remarks>
    /// Codes 1 and 2 are retried unless Meta says <c>is_transient: false</c> (code 1 also carries configuration
    /// errors such as subcode 2853001, which retrying never fixes).
    /// </remarks>
    internal static MetaErrorKind Classify(int code, bool? isTransient, int httpStatus) => code switch
    {
        4 or 17 or 32 or 613 or (>= 80000 and <= 80014) => MetaErrorKind.RateLimited,
        190 or 102 or 10 or (>= 200 and <= 299) => MetaErrorKind.Authentication,
        _ when isTransient == false => MetaErrorKind.Rejected,
        1 or 2 => MetaErrorKind.Transient,
        _ when isTransient == true || httpStatus >= 500 => MetaErrorKind.Transient,
        _ => MetaErrorKind.Rejected,
    };
}

/// <summary>How AdPilot reacts to a Graph error code.</summary>
internal enum MetaErrorKind
{
    Rejected = 0,
    Transient = 1,
    RateLimited = 2,
    Authentication = 3,
}
