namespace AdPilot.Storage.Actions;

/// <summary>What the guardrails made of a proposed action.</summary>
public enum GuardrailVerdict
{
    /// <summary>Allowed as proposed.</summary>
    Allow = 0,

    /// <summary>Allowed after clamping (caps, delta limits).</summary>
    Clamp = 1,

    /// <summary>Blocked.</summary>
    Block = 2,

    /// <summary>Needs a person's approval.</summary>
    RequireApproval = 3,
}
