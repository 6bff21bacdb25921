namespace AdPilot.Cli.Commands;

/// <summary><c>adpilot secrets list --json</c>: the store's secrets without their values.</summary>
/// <param name="Store">The store's shop domain.</param>
/// <param name="CurrentKeyId">The configured key's fingerprint; null when no key is configured.</param>
/// <param name="Secrets">Each secret, by name.</param>
internal sealed record SecretsReport(string Store, string? CurrentKeyId, IReadOnlyList<SecretRow> Secrets);

/// <summary>One stored secret: never its value.</summary>
/// <param name="Name">The variable it stands for.</param>
/// <param name="Version">How many times it was set.</param>
/// <param name="KeyId">The fingerprint of the key that encrypted it.</param>
/// <param name="CreatedAt">When it was first set.</param>
/// <param name="UpdatedAt">When its value last changed.</param>
/// <param name="AgeSeconds">Seconds since its value last changed.</param>
internal sealed record SecretRow(string Name, int Version, string KeyId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, long AgeSeconds);
