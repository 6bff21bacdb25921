namespace AdPilot.Storage.Audit;

/// <summary>The names of the admin actions the audit trail records.</summary>
public static class AdminActions
{
    /// <summary>A held change approved.</summary>
    public const string Approve = "approve";

    /// <summary>A held change rejected.</summary>
    public const string Reject = "reject";

    /// <summary>The kill switch engaged.</summary>
    public const string KillSwitchEngage = "kill_switch_engage";

    /// <summary>The kill switch released.</summary>
    public const string KillSwitchRelease = "kill_switch_release";

    /// <summary>The last human budgets restored under the kill switch (one entry per ad account).</summary>
    public const string KillSwitchRestore = "kill_switch_restore";

    /// <summary>The rollout mode changed (a run in another mode than the store's last one).</summary>
    public const string ModeChange = "mode_change";

    /// <summary>A checkpoint made active.</summary>
    public const string CheckpointPromote = "checkpoint_promote";

    /// <summary>A checkpoint that served before made active again.</summary>
    public const string CheckpointRollback = "checkpoint_rollback";

    /// <summary>A secret stored (its name only).</summary>
    public const string SecretSet = "secret_set";

    /// <summary>Every secret re-encrypted under a new key.</summary>
    public const string SecretRotate = "secret_rotate";

    /// <summary>Shopify webhook subscriptions registered.</summary>
    public const string WebhookRegister = "webhook_register";

    /// <summary>Shopify webhook subscriptions removed.</summary>
    public const string WebhookRemove = "webhook_remove";

    /// <summary>A targeting experiment approved.</summary>
    public const string ExperimentApprove = "experiment_approve";

    /// <summary>A targeting experiment rejected.</summary>
    public const string ExperimentReject = "experiment_reject";

    /// <summary>A targeting experiment proposed by a person.</summary>
    public const string ExperimentPropose = "experiment_propose";

    /// <summary>A person asked to end a targeting experiment early.</summary>
    public const string ExperimentEnd = "experiment_end";
}
