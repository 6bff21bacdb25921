using System.Security.Cryptography;

namespace AdPilot.Storage.Secrets;

/// <summary>
/// The secret store's 256-bit AES key, from <c>ADPILOT_SECRET_KEY</c> (base64 of 32 bytes) or a file named by
/// <c>ADPILOT_SECRET_KEY_FILE</c> (the same base64 text). <see cref="Id"/> is a short fingerprint that tells which key wrote a
/// row; neither it nor any message reveals the key.
/// </summary>
public sealed class SecretKey
{
    /// <summary>The environment variable holding the key as base64.</summary>
    public const string KeyVariable = "ADPILOT_SECRET_KEY";

    /// <summary>The environment variable naming a file that holds the key as base64.</summary>
    public const string KeyFileVariable = "ADPILOT_SECRET_KEY_FILE";

    /// <summary>The key's length in bytes.</summary>
    public const int Length = 32;

    private readonly byte[] _bytes;

    private SecretKey(byte[] bytes)
    {
        _bytes = bytes;
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        HMACSHA256.HashData(bytes, "adpilot-secret-key-id"u8, hash);
        Id = Convert.ToHexStringLower(hash[..6]);
    }

    /// <summary>Gets the key's fingerprint: 12 hex characters, safe to store and print.</summary>
    public string Id { get; }

    /// <summary>Gets the key's bytes (for the cipher only).</summary>
    internal ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>A fresh random key as base64, for a new key file.</summary>
    /// <returns>Base64 of 32 random bytes.</returns>
    public static string Generate() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(Length));

    /// <summary>A key from base64 text.</summary>
    /// <param name="base64">The key's base64 text (surrounding whitespace ignored).</param>
    /// <param name="source">Where it came from, for messages.</param>
    /// <returns>The key.</returns>
    /// <exception cref="SecretKeyException">The text is empty, not base64, or not 32 bytes.</exception>
    public static SecretKey FromBase64(string? base64, string source)
    {
        var text = base64?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            throw new SecretKeyException($"{source} is empty: it must hold base64 of {Length} random bytes");
        }

        var bytes = new byte[text.Length];
        if (!Convert.TryFromBase64String(text, bytes, out var written))
        {
            throw new SecretKeyException($"{source} is not valid base64: it must hold base64 of {Length} random bytes");
        }

        return written == Length
            ? new SecretKey(bytes[..Length])
            : throw new SecretKeyException($"{source} holds {written} bytes; the key must be exactly {Length} bytes (256 bits) of base64");
    }

    /// <summary>A key from a file, refused when the file sits inside <paramref name="dataDirectory"/>.</summary>
    /// <param name="path">The key file.</param>
    /// <param name="source">Where the path came from, for messages.</param>
    /// <param name="dataDirectory">The directory holding the data (the SQLite file's), or <see langword="null"/>.</param>
    /// <returns>The key.</returns>
    /// <exception cref="SecretKeyException">The file is inside the data directory, unreadable or malformed.</exception>
    public static SecretKey FromFile(string path, string source, string? dataDirectory)
    {
        var full = Path.GetFullPath(path);
        if (dataDirectory is not null && IsInside(full, Path.GetFullPath(dataDirectory)))
        {
            throw new SecretKeyException(
                $"{source}: the key file {full} is inside the data directory {Path.GetFullPath(dataDirectory)}; keep the key away from the data it protects (a copy of one must not carry the other)");
        }

        string text;
        try
        {
            text = File.ReadAllText(full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SecretKeyException($"{source}: cannot read the key file {full}: {ex.Message}");
        }

        return FromBase64(text, $"{source} ({full})");
    }

    /// <summary>
    /// The key the environment configures: <c>ADPILOT_SECRET_KEY</c>, else the file named by <c>ADPILOT_SECRET_KEY_FILE</c>,
    /// else <see langword="null"/>. Both set is refused (which one wins would be a guess).
    /// </summary>
    /// <param name="environment">Reads an environment variable.</param>
    /// <param name="dataDirectory">The directory holding the data, where a key file is refused.</param>
    /// <returns>The key, or <see langword="null"/> when none is configured.</returns>
    /// <exception cref="SecretKeyException">The key is malformed or its file misplaced.</exception>
    public static SecretKey? FromEnvironment(Func<string, string?> environment, string? dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var value = environment(KeyVariable);
        var file = environment(KeyFileVariable);
        return (string.IsNullOrEmpty(value), string.IsNullOrEmpty(file)) switch
        {
            (false, false) => throw new SecretKeyException($"both {KeyVariable} and {KeyFileVariable} are set: set only one"),
            (false, true) => FromBase64(value, KeyVariable),
            (true, false) => FromFile(file!, KeyFileVariable, dataDirectory),
            _ => null,
        };
    }

    /// <summary>The configured key, or a clear error naming both ways to set one.</summary>
    /// <param name="environment">Reads an environment variable.</param>
    /// <param name="dataDirectory">The directory holding the data, where a key file is refused.</param>
    /// <returns>The key.</returns>
    /// <exception cref="SecretKeyException">No key is configured, or it is malformed or misplaced.</exception>
    public static SecretKey Require(Func<string, string?> environment, string? dataDirectory) =>
        FromEnvironment(environment, dataDirectory)
        ?? throw new SecretKeyException($"no secret key: set {KeyVariable} (base64 of {Length} random bytes) or {KeyFileVariable} (a file holding it, outside the data directory)");

    /// <summary>Whether this key is the same as <paramref name="other"/>.</summary>
    /// <param name="other">The other key.</param>
    /// <returns><see langword="true"/> when the bytes are equal.</returns>
    public bool SameAs(SecretKey other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return CryptographicOperations.FixedTimeEquals(_bytes, other._bytes);
    }

    /// <inheritdoc />
    public override string ToString() => $"secret key {Id}";

    private static bool IsInside(string file, string directory)
    {
        var root = directory.EndsWith(Path.DirectorySeparatorChar) ? directory : directory + Path.DirectorySeparatorChar;
        return file.StartsWith(root, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
    }
}
