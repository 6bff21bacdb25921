namespace AdPilot.Core.Guardrails;

/// <summary>
/// Every change of the account stops while its ROAS has stayed under the threshold for N consecutive hours with spend.
/// The rule is per account, not per ad set: a single ad set losing money is the policy's to fix (by cutting it), while a
/// whole account losing money for hours points at something the policy cannot see (broken tracking, a site outage),
/// where its inputs are not to be trusted.
/// </summary>
internal static class RoasPauseRule
{
    public static GuardrailReason? Check(GuardrailOptions options, IReadOnlyList<decimal> trailingHourlyRoas)
    {
        var hours = options.RoasPauseHours;
        if (trailingHourlyRoas.Count < hours)
        {
            return null;
        }

        var highest = decimal.MinValue;
        for (var i = trailingHourlyRoas.Count - hours; i < trailingHourlyRoas.Count; i++)
        {
            if (trailingHourlyRoas[i] >= options.RoasPauseThreshold)
            {
                return null;
            }

            highest = Math.Max(highest, trailingHourlyRoas[i]);
        }

        return new GuardrailReason(
            GuardrailReasonCodes.RoasPause,
            GuardrailText.Of($"account ROAS has been under {options.RoasPauseThreshold} for the last {hours} hours (highest {highest:0.###})"));
    }
}
