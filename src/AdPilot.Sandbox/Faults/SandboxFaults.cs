namespace AdPilot.Sandbox.Faults;

/// <summary>
/// The faults a sandbox run injects: into HTTP answers (per endpoint and probability) and into webhook deliveries.
/// Loaded from the <c>--faults FILE</c> JSON; see docs/sandbox-faults.md for the format.
/// </summary>
public sealed record SandboxFaults
{
    /// <summary>Gets the faults of a well-behaved world: none.</summary>
    public static SandboxFaults None { get; } = new();

    /// <summary>
    /// Gets the seed of the random source that decides which requests a rule hits, so that the same requests in the
    /// same order meet the same faults.
    /// </summary>
    /// <value>The default value is 0.</value>
    public ulong Seed { get; init; }

    /// <summary>Gets the HTTP fault rules, tried in order on every platform request (see <see cref="FaultRule"/>).</summary>
    /// <value>The default value is no rules.</value>
    public IReadOnlyList<FaultRule> Rules { get; init; } = [];

    /// <summary>Gets how webhook deliveries misbehave.</summary>
    public WebhookFaults Webhooks { get; init; } = WebhookFaults.None;

    /// <summary>Reads a faults JSON document (docs/sandbox-faults.md).</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The faults.</returns>
    /// <exception cref="SandboxFaultsException">The JSON is malformed, or a field is missing, unknown or out of range; the message names the field.</exception>
    public static SandboxFaults Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return SandboxFaultsJson.Parse(json);
    }

    /// <summary>Reads a faults JSON file (docs/sandbox-faults.md).</summary>
    /// <param name="path">The file.</param>
    /// <returns>The faults.</returns>
    /// <exception cref="SandboxFaultsException">
    /// The file cannot be read or is invalid; the message starts with <paramref name="path"/> and names the field.
    /// </exception>
    public static SandboxFaults Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new SandboxFaultsException("faults", $"{path}: cannot read the file: {ex.Message}");
        }

        try
        {
            return SandboxFaultsJson.Parse(json);
        }
        catch (SandboxFaultsException ex)
        {
            throw new SandboxFaultsException(ex.Field, $"{path}: {ex.Message}");
        }
    }
}
