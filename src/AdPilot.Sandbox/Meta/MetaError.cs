using System.Text.Json.Nodes;

namespace AdPilot.Sandbox.Meta;

/// <summary>A Graph API error in Meta's envelope (api-reference §1.7).</summary>
/// <param name="HttpStatus">The HTTP status (400 for client and throttle errors).</param>
/// <param name="Code">Meta's error code.</param>
/// <param name="Message">The message.</param>
/// <param name="Type">The exception type, e.g. <c>OAuthException</c>.</param>
/// <param name="Subcode">The error subcode, if any.</param>
/// <param name="UserTitle">The user-facing title, if any.</param>
/// <param name="UserMessage">The user-facing message, if any.</param>
internal sealed record MetaError(int HttpStatus, int Code, string Message, string Type, int? Subcode, string? UserTitle, string? UserMessage)
{
    public static MetaError OAuth(int code, string message, int? subcode = null, string? userTitle = null, string? userMessage = null) =>
        new(400, code, message, "OAuthException", subcode, userTitle, userMessage);

    /// <summary>An invalid parameter: code 100, message prefixed with <c>(#100)</c> as Graph does.</summary>
    public static MetaError InvalidParameter(string message) => OAuth(100, "(#100) " + message);

    /// <summary>An object that does not exist or that this token cannot see (100/33).</summary>
    public static MetaError UnknownObject(string method, string id) => new(
        400,
        100,
        $"Unsupported {method} request. Object with ID '{id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api",
        "GraphMethodException",
        33,
        null,
        null);

    public JsonObject ToJson(string traceId)
    {
        var error = new JsonObject
        {
            ["message"] = Message,
            ["type"] = Type,
            ["code"] = Code,
        };
        if (Subcode is { } subcode)
        {
            error["error_subcode"] = subcode;
        }

        if (UserTitle is not null)
        {
            error["is_transient"] = false;
            error["error_user_title"] = UserTitle;
            error["error_user_msg"] = UserMessage;
        }

        error["fbtrace_id"] = traceId;
        return new JsonObject { ["error"] = error };
    }
}
