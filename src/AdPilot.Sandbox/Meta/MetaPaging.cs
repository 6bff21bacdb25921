using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;

namespace AdPilot.Sandbox.Meta;

/// <summary>
/// Graph cursor paging: <c>limit</c> rows a page, <c>paging.cursors.before/after</c> on every non-empty page, and
/// <c>paging.next</c> (the same request with <c>after</c>) only while rows remain. Cursors are opaque base64 offsets.
/// </summary>
internal static class MetaPaging
{
    public const int DefaultLimit = 25;
    public const int MaxLimit = 5000;

    public static MetaApi.Outcome Page(HttpContext context, IReadOnlyList<JsonNode> rows, MetaParameters p)
    {
        var limit = DefaultLimit;
        if (p["limit"] is { } rawLimit
            && (!int.TryParse(rawLimit, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > MaxLimit))
        {
            return new(null, MetaError.InvalidParameter($"Param limit must be an integer from 1 to {MaxLimit}, got '{rawLimit}'"));
        }

        var offset = 0;
        if (p["after"] is { } after && !TryDecode(after, out offset))
        {
            return new(null, MetaError.InvalidParameter($"Param after is not a valid cursor: '{after}'"));
        }

        var page = rows.Skip(offset).Take(limit).Select(r => r.DeepClone()).ToArray();
        var body = new JsonObject { ["data"] = new JsonArray(page) };
        if (page.Length == 0)
        {
            return new(body, null);
        }

        var paging = new JsonObject
        {
            ["cursors"] = new JsonObject { ["before"] = Encode(offset), ["after"] = Encode(offset + page.Length) },
        };
        if (offset + page.Length < rows.Count)
        {
            var query = context.Request.Query
                .Where(kv => !string.Equals(kv.Key, "after", StringComparison.Ordinal))
                .SelectMany(kv => kv.Value.Select(v => new KeyValuePair<string, string?>(kv.Key, v)))
                .Append(new KeyValuePair<string, string?>("after", Encode(offset + page.Length)));
            var request = context.Request;
            paging["next"] = UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, request.Path, QueryString.Create(query));
        }

        body["paging"] = paging;
        return new(body, null);
    }

    private static string Encode(int offset) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes(offset.ToString(CultureInfo.InvariantCulture))).TrimEnd('=');

    private static bool TryDecode(string cursor, out int offset)
    {
        offset = 0;
        var padded = cursor + new string('=', (4 - (cursor.Length % 4)) % 4);
        var bytes = new byte[padded.Length];
        return Convert.TryFromBase64String(padded, bytes, out var written)
            && int.TryParse(Encoding.ASCII.GetString(bytes, 0, written), NumberStyles.None, CultureInfo.InvariantCulture, out offset);
    }
}
