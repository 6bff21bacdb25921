using System.Security.Cryptography;
using System.Text;

namespace AdPilot.Connectors.Shopify;

/// <summary>
/// Checks Shopify's webhook signature: <c>X-Shopify-Hmac-Sha256</c> is base64(HMAC-SHA256(key = app client secret,
/// message = the exact raw body bytes)). Check it before parsing anything.
/// </summary>
public static class ShopifyWebhookSignature
{
    /// <summary>The signature header's name; look it up case-insensitively.</summary>
    public const string HeaderName = "X-Shopify-Hmac-Sha256";

    private const int HmacSha256Length = 32;

    /// <summary>Whether <paramref name="hmacHeader"/> is the signature of <paramref name="rawBody"/>.</summary>
    /// <param name="rawBody">The request body exactly as received (not re-serialized).</param>
    /// <param name="hmacHeader">The header's value; a missing or malformed header is invalid.</param>
    /// <param name="secret">The app's client secret.</param>
    /// <returns><see langword="true"/> when the signature matches.</returns>
    /// <remarks>The comparison takes the same time wherever the bytes first differ, so it leaks nothing.</remarks>
    public static bool IsValid(ReadOnlySpan<byte> rawBody, string? hmacHeader, string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        if (string.IsNullOrWhiteSpace(hmacHeader))
        {
            return false;
        }

        Span<byte> received = stackalloc byte[HmacSha256Length + 3];
        if (!Convert.TryFromBase64String(hmacHeader.Trim(), received, out var written) || written != HmacSha256Length)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[HmacSha256Length];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), rawBody, expected);
        return CryptographicOperations.FixedTimeEquals(expected, received[..HmacSha256Length]);
    }
}
