namespace AdPilot.Runtime.Alerts;

/// <summary>The kinds of alert the service raises (the <c>alerts.kind</c> column), and the dedupe keys they use.</summary>
public static class AlertKinds
{
    /// <summary>An account's hour of spend far above its baseline; key <c>spend_spike:{account}</c>.</summary>
    public const string SpendSpike = "spend_spike";

    /// <summary>The store's trailing 24-hour ROAS under the threshold; key <c>low_roas</c>.</summary>
    public const string LowRoas = "low_roas";

    /// <summary>An account's cycle failed or met many API errors; key <c>api_failure:{account}</c>.</summary>
    public const string ApiFailure = "api_failure";

    /// <summary>The webhook queue's oldest entry older than the threshold; key <c>queue_lag</c>.</summary>
    public const string QueueLag = "queue_lag";

    /// <summary>The store's last retraining failed (raised by the retraining, resolved by its next success); key <c>retraining_failed</c>.</summary>
    public const string RetrainingFailed = "retraining_failed";

    /// <summary>
    /// A platform token about to expire that could not be refreshed (raised by the token refresh, resolved by its next
    /// success); key <c>token_expiry:{platform}</c>.
    /// </summary>
    public const string TokenExpiry = "token_expiry";

    /// <summary>The kill switch (its state is the open alert; raised and resolved by the kill-switch service).</summary>
    public const string KillSwitch = "kill_switch";

    /// <summary>The dedupe key of a per-account kind.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="account">The account, as <c>Platform:AccountId</c>.</param>
    /// <returns>The key.</returns>
    public static string KeyOf(string kind, string account) => $"{kind}:{account}";
}
