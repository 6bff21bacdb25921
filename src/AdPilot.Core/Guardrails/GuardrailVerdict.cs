namespace AdPilot.Core.Guardrails;

/// <summary>What the guardrails made of one proposed change. Storage's <c>GuardrailVerdict</c> maps one to one.</summary>
public enum GuardrailVerdict
{
    /// <summary>Allowed as proposed.</summary>
    Allow = 0,

    /// <summary>Allowed after clamping or dropping part of it; the reasons say which part and why.</summary>
    Clamp = 1,

    /// <summary>Nothing of it may be applied.</summary>
    Block = 2,

    /// <summary>Within every limit but large enough to need a person's approval before it is applied.</summary>
    RequireApproval = 3,
}
