namespace AdPilot.Core.Guardrails;

/// <summary>No change to an ad set until the cool-down since its last change has passed (exactly at the end is allowed).</summary>
internal static class CooldownRule
{
    public static GuardrailReason? Check(GuardrailOptions options, DateTimeOffset? lastChangeAt, DateTimeOffset now)
    {
        if (lastChangeAt is not { } last)
        {
            return null;
        }

        var since = now - last;
        if (since >= options.Cooldown)
        {
            return null;
        }

        return new GuardrailReason(
            GuardrailReasonCodes.Cooldown,
            GuardrailText.Of($"last change at {last:O}, {since.TotalHours:0.##} h ago; the cool-down is {options.Cooldown.TotalHours:0.##} h (until {last + options.Cooldown:O})"));
    }
}
