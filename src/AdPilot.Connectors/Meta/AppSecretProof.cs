using System.Security.Cryptography;
using System.Text;

namespace AdPilot.Connectors.Meta;

/// <summary>Meta's <c>appsecret_proof</c>: lowercase hex of HMAC-SHA256 with key = app secret, message = access token.</summary>
public static class AppSecretProof
{
    /// <summary>Computes the proof sent next to <c>access_token</c> on every call.</summary>
    /// <param name="appSecret">The app secret.</param>
    /// <param name="accessToken">The access token.</param>
    /// <returns>64 lowercase hex digits.</returns>
    public static string Compute(string appSecret, string accessToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(appSecret);
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), Encoding.UTF8.GetBytes(accessToken)));
    }
}
