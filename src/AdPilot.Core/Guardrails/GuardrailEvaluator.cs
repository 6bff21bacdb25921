using System.Globalization;
using AdPilot.Core.Domain;

namespace AdPilot.Core.Guardrails;

/// <summary>
/// Judges one hour of a policy's proposals for one ad account against <see cref="GuardrailOptions"/> (guide §10–12).
/// Pure and deterministic: no clock, no I/O; the same input gives the same result whatever the order of the ad sets.
/// </summary>
/// <remarks>
/// The rules, in the order they apply:
/// <list type="number">
/// <item>Account-wide stops, blocking every proposal: the kill switch (<c>kill_switch</c>), a ROAS pause (<c>roas_pause</c>,
/// also raised as an alert) and freeze windows (<c>freeze_window</c>).</item>
/// <item>Per-ad-set stops: in pilot, ad sets outside the canary set (<c>canary</c>); the cool-down (<c>cooldown</c>).</item>
/// <item>Parts of a change dropped: in pilot anything but the budget (<c>rollout_stage</c>); a malformed bid strategy
/// (<c>invalid_bid_strategy</c>); a creative rotation over the daily allowance (<c>creative_rotation_daily</c>).</item>
/// <item>Budget clamps: ±X% per hour (<c>delta_limit</c>), global bounds (<c>min_budget</c>, <c>max_budget</c>), the ad set
/// cap (<c>daily_cap_adset</c>); an activation whose budget is over the maximum or the ad set cap stays paused.</item>
/// <item>Caps on sums of active budgets, increases scaled proportionally: campaign (<c>daily_cap_campaign</c>), account
/// (<c>daily_cap_account</c>) and, in pilot, the canary share (<c>canary</c>).</item>
/// <item>Approval of what is left (<c>approval_required</c>).</item>
/// </list>
/// A proposal equal to the current settings is allowed with no reasons (there is nothing to guard), unless the kill
/// switch is engaged.
/// </remarks>
public sealed class GuardrailEvaluator
{
    private readonly GuardrailOptions _options;

    /// <summary>Initializes a new instance of the <see cref="GuardrailEvaluator"/> class.</summary>
    /// <param name="options">The limits.</param>
    /// <exception cref="ArgumentException">The options have errors; the message lists them by name.</exception>
    public GuardrailEvaluator(GuardrailOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException($"invalid guardrail options: {string.Join("; ", errors)}", nameof(options));
        }

        _options = options;
    }

    /// <summary>Gets the limits.</summary>
    public GuardrailOptions Options => _options;

    /// <summary>Judges every proposal of the input together, so caps hold on the totals.</summary>
    /// <param name="input">The account's ad sets, proposals and context.</param>
    /// <returns>One decision per ad set with a proposal, in input order, and the alerts raised.</returns>
    /// <exception cref="ArgumentException">
    /// An amount is not in the account's currency (the message names the ad set and both currencies), an ad set appears
    /// twice, or a current budget is negative.
    /// </exception>
    public GuardrailResult Evaluate(GuardrailInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(input.TimeZone);
        ArgumentNullException.ThrowIfNull(input.AdSets);
        ArgumentNullException.ThrowIfNull(input.TrailingHourlyRoas);
        CheckInput(input);

        var local = TimeZoneInfo.ConvertTime(input.Now, input.TimeZone);
        var alerts = new List<GuardrailAlert>();
        var stops = new List<GuardrailReason>();
        if (input.KillSwitchEngaged)
        {
            stops.Add(new GuardrailReason(GuardrailReasonCodes.KillSwitch, "the kill switch is engaged: no change is applied and human budgets are restored"));
        }

        if (RoasPauseRule.Check(_options, input.TrailingHourlyRoas) is { } roas)
        {
            stops.Add(roas);
            alerts.Add(new GuardrailAlert(GuardrailReasonCodes.RoasPause, input.AccountId, $"changes paused: {roas.Message}"));
        }

        if (FreezeWindowRule.Check(_options, local) is { } freeze)
        {
            stops.Add(freeze);
        }

        var work = input.AdSets.Select(a => new AdSetWork(a)).ToArray();
        foreach (var w in work)
        {
            if (w.AdSet.Proposed is { } proposed && (proposed != w.AdSet.Current || input.KillSwitchEngaged))
            {
                JudgeAlone(input, w, proposed, stops);
            }
        }

        SpendCapRule.Apply(_options, input, work);

        var decisions = new List<GuardrailDecision>();
        foreach (var w in work)
        {
            if (w.AdSet.Proposed is { } proposed)
            {
                decisions.Add(Decide(input, w, proposed));
            }
        }

        return new GuardrailResult(decisions, alerts);
    }

    private void JudgeAlone(GuardrailInput input, AdSetWork w, AdSetSettings proposed, List<GuardrailReason> stops)
    {
        var adSet = w.AdSet;
        w.Reasons.AddRange(stops);
        if (CanaryRule.CheckMembership(input.Stage, adSet) is { } canary)
        {
            w.Reasons.Add(canary);
        }

        if (CooldownRule.Check(_options, adSet.LastChangeAt, input.Now) is { } cooldown)
        {
            w.Reasons.Add(cooldown);
        }

        if (w.Reasons.Count > 0)
        {
            w.Blocked = true;
            return;
        }

        var current = adSet.Current;
        var target = current;
        var pilot = input.Stage == RolloutStage.Pilot;
        if (proposed.BidStrategy != current.BidStrategy)
        {
            if (pilot)
            {
                w.Reasons.Add(StageReason("bid strategy change"));
            }
            else if (!proposed.BidStrategy.IsValid)
            {
                w.Reasons.Add(new GuardrailReason(GuardrailReasonCodes.InvalidBidStrategy, GuardrailText.Of(
                    $"bid strategy {proposed.BidStrategy.Kind} with cap {proposed.BidStrategy.CapPerResult?.ToString("0.00##", CultureInfo.InvariantCulture) ?? "none"} is malformed; kept {current.BidStrategy.Kind}")));
            }
            else
            {
                target = target with { BidStrategy = proposed.BidStrategy };
            }
        }

        if (proposed.CreativeType != current.CreativeType)
        {
            if (pilot)
            {
                w.Reasons.Add(StageReason("creative rotation"));
            }
            else if (CreativeRotationRule.Check(_options, adSet.RecentCreativeRotations, input.Now, input.TimeZone) is { } rotation)
            {
                w.Reasons.Add(rotation);
            }
            else
            {
                target = target with { CreativeType = proposed.CreativeType };
            }
        }

        if (proposed.Status != current.Status)
        {
            if (pilot)
            {
                w.Reasons.Add(StageReason("status change"));
            }
            else
            {
                target = target with { Status = proposed.Status };
            }
        }

        var budget = BudgetLimitRule.Clamp(_options, adSet.AdSet.Platform, current.DailyBudget.Amount, proposed.DailyBudget.Amount, input.Currency, w.Reasons);
        if (current.Status != AdSetStatus.Active && target.Status == AdSetStatus.Active
            && BudgetLimitRule.CheckActivation(_options, budget, input.Currency) is { } activation)
        {
            w.Reasons.Add(activation);
            target = target with { Status = current.Status };
        }

        w.Target = target.WithBudget(budget == current.DailyBudget.Amount ? current.DailyBudget : new Money(budget, input.Currency));
    }

    private GuardrailDecision Decide(GuardrailInput input, AdSetWork w, AdSetSettings proposed)
    {
        var current = w.AdSet.Current;
        if (w.Blocked || (w.Target == current && proposed != current))
        {
            return new GuardrailDecision(w.AdSet.AdSet, GuardrailVerdict.Block, proposed, null, w.Reasons);
        }

        if (ApprovalRule.Check(
                _options, current.DailyBudget.Amount, w.Target.DailyBudget.Amount, w.AdSet.RecentIncrease, w.AdSet.Approval, input.Now, input.Currency) is { } approval)
        {
            w.Reasons.Add(approval);
            return new GuardrailDecision(
                w.AdSet.AdSet, GuardrailVerdict.RequireApproval, proposed, w.Target, w.Reasons, input.Now + _options.ApprovalTtl);
        }

        var verdict = w.Target == proposed ? GuardrailVerdict.Allow : GuardrailVerdict.Clamp;
        return new GuardrailDecision(w.AdSet.AdSet, verdict, proposed, w.Target, w.Reasons);
    }

    private static GuardrailReason StageReason(string what) =>
        new(GuardrailReasonCodes.RolloutStage, $"{what} dropped: in pilot only budgets change (creative rotations and other changes come with expand)");

    private static void CheckInput(GuardrailInput input)
    {
        var currency = input.Currency;
        if (!Money.IsCurrencyCode(currency))
        {
            throw new ArgumentException($"'{currency}' is not a three-letter ISO 4217 currency code", nameof(input));
        }

        var seen = new HashSet<AdSetRef>();
        foreach (var adSet in input.AdSets)
        {
            ArgumentNullException.ThrowIfNull(adSet);
            ArgumentNullException.ThrowIfNull(adSet.Current);
            if (!seen.Add(adSet.AdSet))
            {
                throw new ArgumentException($"ad set {adSet.AdSet} appears twice", nameof(input));
            }

            CheckCurrency(adSet, "current budget", adSet.Current.DailyBudget, currency);
            if (adSet.Proposed is { } proposed)
            {
                CheckCurrency(adSet, "proposed budget", proposed.DailyBudget, currency);
            }

            if (adSet.Approval is { } approval)
            {
                CheckCurrency(adSet, "approved budget", approval.ApprovedDailyBudget, currency);
            }

            if (adSet.Current.DailyBudget.Amount < 0m)
            {
                throw new ArgumentException($"ad set {adSet.AdSet}: current budget {adSet.Current.DailyBudget} is negative", nameof(input));
            }
        }
    }

    private static void CheckCurrency(GuardedAdSet adSet, string what, Money money, string currency)
    {
        if (!string.Equals(money.Currency, currency, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"ad set {adSet.AdSet}: {what} is in {money.Currency ?? "no currency"} but the account's currency is {currency}", nameof(adSet));
        }
    }
}
