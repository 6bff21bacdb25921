namespace AdPilot.Core.Guardrails;

/// <summary>The codes a <see cref="GuardrailReason"/> carries; stable strings, stored with every decision.</summary>
public static class GuardrailReasonCodes
{
    /// <summary>A budget change was clamped to the largest change allowed per hour.</summary>
    public const string DeltaLimit = "delta_limit";

    /// <summary>A budget increase was clamped to the per-ad-set daily spend cap.</summary>
    public const string DailyCapAdSet = "daily_cap_adset";

    /// <summary>Budget increases were scaled down so the campaign's daily budgets stay within its cap.</summary>
    public const string DailyCapCampaign = "daily_cap_campaign";

    /// <summary>Budget increases were scaled down so the account's daily budgets stay within its cap.</summary>
    public const string DailyCapAccount = "daily_cap_account";

    /// <summary>A budget cut was clamped to the global minimum daily budget.</summary>
    public const string MinBudget = "min_budget";

    /// <summary>A budget increase was clamped to the global maximum daily budget.</summary>
    public const string MaxBudget = "max_budget";

    /// <summary>The ad set changed too recently.</summary>
    public const string Cooldown = "cooldown";

    /// <summary>The store's local time is inside a freeze window.</summary>
    public const string FreezeWindow = "freeze_window";

    /// <summary>The account's ROAS has stayed under the threshold for the configured number of hours.</summary>
    public const string RoasPause = "roas_pause";

    /// <summary>In pilot, the ad set is not a canary, or the canary set would exceed its share of the account's budget.</summary>
    public const string Canary = "canary";

    /// <summary>The kill switch is engaged.</summary>
    public const string KillSwitch = "kill_switch";

    /// <summary>The budget increase is over the approval threshold (share or amount).</summary>
    public const string ApprovalRequired = "approval_required";

    /// <summary>The ad set's creative was already rotated as often as allowed on this local day.</summary>
    public const string CreativeRotationDaily = "creative_rotation_daily";

    /// <summary>The change is outside what the rollout stage allows (pilot changes budgets only).</summary>
    public const string RolloutStage = "rollout_stage";

    /// <summary>The proposed bid strategy is malformed (unknown kind, or a cap missing or present where it should not be).</summary>
    public const string InvalidBidStrategy = "invalid_bid_strategy";

    /// <summary>The ad set's last creative rotation is more recent than <c>Creatives:RotationMinHours</c>.</summary>
    public const string CreativeRotationMinHours = "creative_rotation_min_hours";

    /// <summary>None of the ad set's ads is tagged with a creative type: untagged ads are never rotated.</summary>
    public const string CreativeUntagged = "creative_untagged";

    /// <summary>No ad of the ad set is tagged with the proposed type: rotating would leave it nothing of that type to run.</summary>
    public const string CreativeNoAds = "creative_no_ads";

    /// <summary>The rotation would leave the ad set with no active ad.</summary>
    public const string CreativeNoActiveAd = "creative_no_active_ad";

    /// <summary>The platform (or the account's connector) cannot read or switch ads.</summary>
    public const string CreativeUnsupported = "creative_unsupported";
}
