using System.Globalization;
using AdPilot.Connectors.Json;
using AdPilot.Core.Platforms;

namespace AdPilot.Connectors.Shopify;

/// <summary>Shopify's GraphQL global ids (<c>gid://shopify/Order/450789469</c>) and their numeric REST ids.</summary>
internal static class ShopifyGid
{
    public static long ToNumericId(string gid, string expectedType, string path, PlatformErrorContext context)
    {
        var prefix = $"gid://shopify/{expectedType}/";
        var rest = gid.StartsWith(prefix, StringComparison.Ordinal) ? gid.AsSpan(prefix.Length) : default;
        var query = rest.IndexOf('?');
        if (query >= 0)
        {
            rest = rest[..query];
        }

        return rest.Length > 0 && long.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw JsonFields.Invalid(context, path, $"is not a {expectedType} id");
    }
}
