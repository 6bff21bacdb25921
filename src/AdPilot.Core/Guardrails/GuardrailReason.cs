namespace AdPilot.Core.Guardrails;

/// <summary>Why the guardrails changed or stopped a proposal.</summary>
/// <param name="Code">One of <see cref="GuardrailReasonCodes"/>.</param>
/// <param name="Message">A sentence for people, with the numbers that decided it.</param>
public sealed record GuardrailReason(string Code, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Code}: {Message}";
}
