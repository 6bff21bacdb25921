namespace AdPilot.Storage.Secrets;

/// <summary>What may be shown about a stored secret: never its value.</summary>
/// <param name="Name">The secret's name (one of <see cref="SecretNames.All"/>).</param>
/// <param name="Version">How many times the value was set.</param>
/// <param name="KeyId">The fingerprint of the key that encrypted it.</param>
/// <param name="CreatedAt">When it was first set.</param>
/// <param name="UpdatedAt">When the value last changed.</param>
public sealed record SecretInfo(string Name, int Version, string KeyId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
