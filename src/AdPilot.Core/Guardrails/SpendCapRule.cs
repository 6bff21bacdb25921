using AdPilot.Core.Domain;

namespace AdPilot.Core.Guardrails;

/// <summary>
/// Caps on sums of active daily budgets: per campaign, per account and, in pilot, the canary set's share of the account.
/// Decreases count first (except a pause that comes with a budget increase, which may wait for approval); then, in each capped group, the increases are scaled down by one factor so the group's total
/// stays within its cap, and each ad set takes the smallest factor of its groups. The result does not depend on the order
/// of the ad sets. A group already over its cap (a person set it so) gets no increase, only decreases. An activation
/// (paused to active) cannot be scaled: unless its group has room for its whole budget, it stays paused.
/// </summary>
internal static class SpendCapRule
{
    public static void Apply(GuardrailOptions options, GuardrailInput input, IReadOnlyList<AdSetWork> work)
    {
        var n = work.Count;
        var before = new decimal[n];
        var floor = new decimal[n];
        var increase = new decimal[n];
        for (var i = 0; i < n; i++)
        {
            before[i] = Spend(work[i].AdSet.Current);
            var after = Spend(work[i].Target);
            // A change that raises the budget may yet need approval and so not be applied now: what it would free (by
            // pausing) is not room for the others.
            var mayAwaitApproval = work[i].Target.DailyBudget.Amount > work[i].AdSet.Current.DailyBudget.Amount;
            floor[i] = mayAwaitApproval ? before[i] : Math.Min(before[i], after);
            increase[i] = Math.Max(0m, after - before[i]);
        }

        var groups = new List<CapGroup>
        {
            new(GuardrailReasonCodes.DailyCapAccount, GuardrailText.Of($"account {input.AccountId}"), options.AccountDailyCap, [.. Enumerable.Range(0, n)]),
        };
        foreach (var campaign in Enumerable.Range(0, n).GroupBy(i => work[i].AdSet.CampaignId, StringComparer.Ordinal))
        {
            groups.Add(new(GuardrailReasonCodes.DailyCapCampaign, GuardrailText.Of($"campaign {campaign.Key}"), options.CampaignDailyCap, [.. campaign]));
        }

        if (input.Stage == RolloutStage.Pilot)
        {
            var others = Enumerable.Range(0, n).Where(i => !work[i].AdSet.IsCanary).Sum(i => before[i]);
            var cap = CanaryRule.ShareCap(options, others);
            groups.Add(new(GuardrailReasonCodes.Canary, "the canary set", cap, [.. Enumerable.Range(0, n).Where(i => work[i].AdSet.IsCanary)]));
        }

        var factor = Enumerable.Repeat(1m, n).ToArray();
        var binding = new List<(CapGroup Group, decimal Total, decimal Factor)>[n];
        foreach (var group in groups)
        {
            var total = group.Members.Sum(i => floor[i]);
            var requested = group.Members.Sum(i => increase[i]);
            if (requested == 0m || total + requested <= group.Cap)
            {
                continue;
            }

            var f = Math.Clamp((group.Cap - total) / requested, 0m, 1m);
            foreach (var i in group.Members.Where(i => increase[i] > 0m))
            {
                factor[i] = Math.Min(factor[i], f);
                (binding[i] ??= []).Add((group, total + requested, f));
            }
        }

        for (var i = 0; i < n; i++)
        {
            if (binding[i] is null)
            {
                continue;
            }

            var w = work[i];
            var current = w.AdSet.Current;
            string outcome;
            if (current.Status != AdSetStatus.Active)
            {
                w.Target = w.Target with { Status = current.Status };
                outcome = "activation refused, the ad set stays paused";
            }
            else
            {
                var granted = GuardrailText.FloorCents(factor[i] * increase[i]);
                var budget = current.DailyBudget.Amount + Math.Max(0m, granted);
                w.Target = w.Target.WithBudget(new Money(budget, input.Currency));
                outcome = GuardrailText.Of($"increase of {GuardrailText.Money(increase[i], input.Currency)} cut to {GuardrailText.Money(granted, input.Currency)}");
            }

            foreach (var (group, total, f) in binding[i])
            {
                var limit = string.Equals(group.Code, GuardrailReasonCodes.Canary, StringComparison.Ordinal)
                    ? GuardrailText.Of($"at most {GuardrailText.Percent(options.CanaryShare)} of the account's active daily budget")
                    : "its cap";
                w.Reasons.Add(new GuardrailReason(group.Code, GuardrailText.Of(
                    $"{group.Label}'s active daily budgets would total {GuardrailText.Money(total, input.Currency)} against {limit} of {GuardrailText.Money(group.Cap, input.Currency)}; increases scaled to {GuardrailText.Percent(f)}: {outcome}")));
            }
        }
    }

    private static decimal Spend(AdSetSettings settings) => settings.Status == AdSetStatus.Active ? settings.DailyBudget.Amount : 0m;

    private sealed record CapGroup(string Code, string Label, decimal Cap, int[] Members);
}
