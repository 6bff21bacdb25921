namespace AdPilot.Connectors.Access;

/// <summary>What a token was granted and until when.</summary>
/// <param name="IsValid">Whether the platform still accepts the token.</param>
/// <param name="Granted">The permissions or scopes granted.</param>
/// <param name="Declined">The permissions the user declined or revoked (Meta reports them); empty where the platform does not say.</param>
/// <param name="ExpiresAt">When the token expires; null when it does not (or the platform does not say).</param>
public sealed record TokenGrant(bool IsValid, IReadOnlyList<string> Granted, IReadOnlyList<string> Declined, DateTimeOffset? ExpiresAt);
