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
    /// <summary>The subcode Meta gives code 17 when an ad set's budget changed too often within an hour.</summary>
    public const int BudgetChangeLimitSubcode = 2446079;

    /// <summary>The typed error of a Graph error response.</summary>
    /// <param name="response">The response.</param>
    /// <param name="body">Its body.</param>
    /// <param name="context">The call's account.</param>
    /// <param name="budgetWrite">
    /// Whether the call changed a budget: then code 17 subcode 2446079 is Meta's "4 budget changes per ad set per hour"
    /// limit (<see cref="PlatformChangeLimitException"/>); on other calls the same code is an ordinary request limit.
    /// </param>
    public static PlatformException FromResponse(
        HttpResponseMessage response, ReadOnlyMemory<byte> body, PlatformErrorContext context, bool budgetWrite = false)
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

        if (FindUndecodableText(document.RootElement, "$") is { } badText)
        {
            document.Dispose();
            return HttpStatusErrors.FromStatus(response, context, $"the error body's {badText} is not valid text");
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
            if (budgetWrite && code == 17 && subcode == BudgetChangeLimitSubcode)
            {
                return new PlatformChangeLimitException(
                    withCode, message + " (budget changes of this ad set are blocked for up to an hour)", TimeSpan.FromHours(1));
            }

            if (code == 100 && message.Contains("appsecret_proof", StringComparison.Ordinal))
            {
                // Graph reports a missing or wrong appsecret_proof as an invalid parameter, but no retry or other input
                // fixes it: the configured app secret is wrong, and a person must correct it.
                return new PlatformAuthenticationException(withCode, message);
            }

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
