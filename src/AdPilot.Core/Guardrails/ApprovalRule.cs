namespace AdPilot.Core.Guardrails;

/// <summary>
/// A budget increase of more than <see cref="GuardrailOptions.ApprovalIncreaseShare"/> of the current budget, or of more
/// than <see cref="GuardrailOptions.ApprovalIncreaseAmount"/>, needs a person's approval, unless an unexpired approval
/// covers the new budget. It judges the increase left after every other limit, so a person approves what would be applied.
/// Activating a paused ad set at its current budget is not a budget increase. The increase is judged together with
/// AdPilot's increases to the ad set within <see cref="GuardrailOptions.ApprovalWindow"/>, against the budget before them,
/// so splitting a large increase into small steps does not get around the rule.
/// </summary>
internal static class ApprovalRule
{
    public static GuardrailReason? Check(
        GuardrailOptions options, decimal current, decimal target, decimal recentIncrease, AdSetApproval? approval, DateTimeOffset now, string currency)
    {
        var step = target - current;
        if (step <= 0m)
        {
            return null;
        }

        var earlier = Math.Max(recentIncrease, 0m);
        var increase = step + earlier;
        var baseline = Math.Max(current - earlier, 0m);
        var overShare = increase > options.ApprovalIncreaseShare * baseline;
        var overAmount = increase > options.ApprovalIncreaseAmount;
        if (!overShare && !overAmount)
        {
            return null;
        }

        if (approval is not null && now < approval.ExpiresAt && target <= approval.ApprovedDailyBudget.Amount)
        {
            return null;
        }

        var which = (overShare, overAmount) switch
        {
            (true, true) => GuardrailText.Of(
                $"more than {GuardrailText.Percent(options.ApprovalIncreaseShare)} and more than {GuardrailText.Money(options.ApprovalIncreaseAmount, currency)}"),
            (true, false) => GuardrailText.Of($"more than {GuardrailText.Percent(options.ApprovalIncreaseShare)}"),
            _ => GuardrailText.Of($"more than {GuardrailText.Money(options.ApprovalIncreaseAmount, currency)}"),
        };
        var share = baseline > 0m ? GuardrailText.Percent(increase / baseline) : "from zero";
        var together = earlier > 0m
            ? GuardrailText.Of($" with AdPilot's increases of {GuardrailText.Money(earlier, currency)} in the last {options.ApprovalWindow.TotalHours:0.##} h, from {GuardrailText.Money(baseline, currency)}")
            : string.Empty;
        var granted = approval switch
        {
            null => string.Empty,
            _ when now >= approval.ExpiresAt => GuardrailText.Of($"; the approval granted expired at {approval.ExpiresAt:O}"),
            _ => GuardrailText.Of($"; the approval granted covers only {approval.ApprovedDailyBudget}"),
        };
        return new GuardrailReason(
            GuardrailReasonCodes.ApprovalRequired,
            GuardrailText.Of(
                $"increase of {GuardrailText.Money(increase, currency)} ({share}){together} to {GuardrailText.Money(target, currency)} is {which}{granted}"));
    }
}
