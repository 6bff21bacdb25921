namespace AdPilot.Storage.Secrets;

/// <summary>The names a secret may be stored under: the guide's variables that hold tokens or app secrets.</summary>
public static class SecretNames
{
    /// <summary>Gets every accepted name, in the order the guide lists them.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        "SHOPIFY_ADMIN_TOKEN",
        "SHOPIFY_WEBHOOK_SECRET",
        "META_APP_SECRET",
        "META_LONG_LIVED_TOKEN",
        "TIKTOK_SECRET",
        "TIKTOK_ACCESS_TOKEN",
    ];

    /// <summary>Whether <paramref name="name"/> is one of <see cref="All"/> (exact, case-sensitive).</summary>
    /// <param name="name">The name to check.</param>
    /// <returns><see langword="true"/> when it is accepted.</returns>
    public static bool IsKnown(string name) => All.Contains(name, StringComparer.Ordinal);
}
