using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace AdPilot.Web.Dashboard;

/// <summary>
/// The dashboard's credentials: the admin token (sign-in and <c>Authorization: Bearer</c>) and the admin password
/// (sign-in). Outside production with neither configured, a random one-time token is made for this process, offered as
/// <see cref="GeneratedToken"/> and set as the options' <see cref="WebOptions.AdminToken"/> for the command line to
/// print; production has no default credential.
/// </summary>
/// <remarks>Only SHA-256 digests of the secrets are kept for comparison, and candidates are compared in constant time.</remarks>
public sealed class DashboardCredentials
{
    private readonly byte[]? _token;
    private readonly byte[]? _password;

    /// <summary>Initializes a new instance of the <see cref="DashboardCredentials"/> class.</summary>
    /// <param name="options">The web settings.</param>
    /// <exception cref="InvalidOperationException">Production mode, and neither a token nor a password is configured.</exception>
    public DashboardCredentials(WebOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var token = string.IsNullOrWhiteSpace(options.AdminToken) ? null : options.AdminToken;
        var password = string.IsNullOrWhiteSpace(options.AdminPassword) ? null : options.AdminPassword;
        if (token is null && password is null)
        {
            if (options.Production)
            {
                throw new InvalidOperationException(
                    "No AdminToken or AdminPassword is set, and production mode has no default credential: set WEB__ADMINTOKEN or WEB__ADMINPASSWORD.");
            }

            token = GeneratedToken = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));

            // Whoever holds the options (the demo's host, the serve command) prints the token from them.
            options.AdminToken = token;
        }

        _token = token is null ? null : Digest(token);
        _password = password is null ? null : Digest(password);
    }

    /// <summary>Gets the one-time token made for this process (outside production, nothing configured); null otherwise.</summary>
    public string? GeneratedToken { get; }

    /// <summary>Whether a candidate is the admin token.</summary>
    /// <param name="candidate">What was presented.</param>
    /// <returns>True when it matches.</returns>
    public bool IsToken(string? candidate) => Matches(_token, candidate);

    /// <summary>Whether a candidate is the admin token or the admin password (the sign-in form takes either).</summary>
    /// <param name="candidate">What was presented.</param>
    /// <returns>True when it matches.</returns>
    public bool IsTokenOrPassword(string? candidate)
    {
        // Both comparisons always run, so the time taken does not say which secret is configured.
        var token = Matches(_token, candidate);
        var password = Matches(_password, candidate);
        return token | password;
    }

    private static bool Matches(byte[]? expected, string? candidate)
    {
        var digest = Digest(candidate ?? string.Empty);
        return CryptographicOperations.FixedTimeEquals(digest, expected ?? new byte[digest.Length]) && expected is not null && !string.IsNullOrEmpty(candidate);
    }

    private static byte[] Digest(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
