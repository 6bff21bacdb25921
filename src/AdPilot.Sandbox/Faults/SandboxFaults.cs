namespace AdPilot.Sandbox.Faults;

/// <summary>
/// The faults a sandbox run injects: into HTTP answers (per endpoint and probability) and into webhook deliveries.
/// Loaded from the <c>--faults FILE</c> JSON; see docs/sandbox-faults.md for the format.
/// </summary>
public sealed record SandboxFaults
{
    /// <summary>Gets the faults of a well-behaved world: none.</summary>
    public static SandboxFaults None { get; } = new();

    /// <summary>Gets how webhook deliveries misbehave.</summary>
    public WebhookFaults Webhooks { get; init; } = WebhookFaults.None;
}
