using System.Globalization;
using AdPilot.Connectors.Json;
using AdPilot.Core.Platforms;

namespace AdPilot.Connectors.Shopify;

/// <summary>Shopify's GraphQL global ids (<c>gid://shopify/Order/450789469</c>) and their numeric REST ids.</summary>
internal static class ShopifyGid
{
    private const string Prefix = "gid://shopify/";

    /// <summary>The type a GID names (<c>Order</c>, <c>LineItem</c>, …), or null when it is not a Shopify GID.</summary>
    public static string? TryGetType(string gid)
    {
        if (!gid.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var slash = gid.IndexOf('/', Prefix.Length);
        return slash > Prefix.Length ? gid[Prefix.Length..slash] : null;
    }

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
