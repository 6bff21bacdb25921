namespace AdPilot.Connectors.Access;

/// <summary>A token a platform issued (Meta's token exchange, TikTok's authorisation code), and what came with it.</summary>
/// <param name="Value">The token. A secret: never logged; <see cref="ToString"/> leaves it out.</param>
/// <param name="ExpiresAt">When it expires, measured on our clock from the answer's <c>expires_in</c>; null when the platform did not say.</param>
/// <param name="AccountIds">The ad accounts or advertisers the token was granted for, where the answer lists them (TikTok); else empty.</param>
public sealed record IssuedToken(string Value, DateTimeOffset? ExpiresAt, IReadOnlyList<string> AccountIds)
{
    /// <inheritdoc />
    public override string ToString() => $"IssuedToken {{ (value hidden), ExpiresAt = {ExpiresAt:O}, AccountIds = {AccountIds.Count} }}";
}
