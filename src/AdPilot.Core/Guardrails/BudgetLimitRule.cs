namespace AdPilot.Core.Guardrails;

/// <summary>
/// Limits on one ad set's budget change: at most ±<see cref="GuardrailOptions.MaxHourlyChange"/> of the current budget;
/// an increase reaches at most <see cref="GuardrailOptions.MaxDailyBudget"/> and <see cref="GuardrailOptions.AdSetDailyCap"/>;
/// a cut reaches at most down to <see cref="GuardrailOptions.MinDailyBudgetFor"/> the ad set's platform. A budget a person left outside the range
/// may move back towards it but never further away. A clamped budget is rounded to the cent inwards (increases down,
/// cuts up), so rounding never breaks a limit.
/// </summary>
internal static class BudgetLimitRule
{
    public static decimal Clamp(GuardrailOptions options, Domain.Platform platform, decimal current, decimal proposed, string currency, List<GuardrailReason> reasons)
    {
        if (proposed > current)
        {
            var delta = current * (1m + options.MaxHourlyChange);
            var upper = Math.Min(delta, Math.Min(options.MaxDailyBudget, options.AdSetDailyCap));
            if (proposed <= upper)
            {
                return proposed;
            }

            var clamped = GuardrailText.FloorCents(upper);
            var result = clamped > current ? clamped : current;
            var what = GuardrailText.Of(
                $"proposed {GuardrailText.Money(proposed, currency)} from {GuardrailText.Money(current, currency)}, set to {GuardrailText.Money(result, currency)}");
            if (delta == upper)
            {
                reasons.Add(new(GuardrailReasonCodes.DeltaLimit, GuardrailText.Of(
                    $"{what}: a change is at most ±{GuardrailText.Percent(options.MaxHourlyChange)} an hour ({GuardrailText.Money(delta, currency)})")));
            }

            if (options.MaxDailyBudget == upper)
            {
                reasons.Add(new(GuardrailReasonCodes.MaxBudget, GuardrailText.Of(
                    $"{what}: the largest daily budget is {GuardrailText.Money(options.MaxDailyBudget, currency)}")));
            }

            if (options.AdSetDailyCap == upper)
            {
                reasons.Add(new(GuardrailReasonCodes.DailyCapAdSet, GuardrailText.Of(
                    $"{what}: an ad set's daily spend is capped at {GuardrailText.Money(options.AdSetDailyCap, currency)}")));
            }

            return result;
        }

        if (proposed < current)
        {
            var delta = current * (1m - options.MaxHourlyChange);
            var minimum = options.MinDailyBudgetFor(platform);
            var lower = Math.Max(delta, minimum);
            if (proposed >= lower)
            {
                return proposed;
            }

            var clamped = GuardrailText.CeilingCents(lower);
            var result = clamped < current ? clamped : current;
            var what = GuardrailText.Of(
                $"proposed {GuardrailText.Money(proposed, currency)} from {GuardrailText.Money(current, currency)}, set to {GuardrailText.Money(result, currency)}");
            if (delta == lower)
            {
                reasons.Add(new(GuardrailReasonCodes.DeltaLimit, GuardrailText.Of(
                    $"{what}: a change is at most ±{GuardrailText.Percent(options.MaxHourlyChange)} an hour ({GuardrailText.Money(delta, currency)})")));
            }

            if (minimum == lower)
            {
                reasons.Add(new(GuardrailReasonCodes.MinBudget, GuardrailText.Of(
                    $"{what}: the smallest daily budget on {platform} is {GuardrailText.Money(minimum, currency)}")));
            }

            return result;
        }

        return proposed;
    }

    /// <summary>
    /// An activation starts spending the whole budget, so the budget must be within the maximum and the ad set cap;
    /// the hourly delta does not apply (the spend goes from nothing to the budget whatever it is).
    /// </summary>
    public static GuardrailReason? CheckActivation(GuardrailOptions options, decimal budget, string currency)
    {
        if (budget > options.AdSetDailyCap)
        {
            return new(GuardrailReasonCodes.DailyCapAdSet, GuardrailText.Of(
                $"activation refused: the budget of {GuardrailText.Money(budget, currency)} is over the ad set cap of {GuardrailText.Money(options.AdSetDailyCap, currency)}"));
        }

        if (budget > options.MaxDailyBudget)
        {
            return new(GuardrailReasonCodes.MaxBudget, GuardrailText.Of(
                $"activation refused: the budget of {GuardrailText.Money(budget, currency)} is over the largest daily budget of {GuardrailText.Money(options.MaxDailyBudget, currency)}"));
        }

        return null;
    }
}
