namespace AdPilot.Runtime.Actuation;

/// <summary>The policy names of log entries the actuator writes on its own account, not a learning policy's.</summary>
public static class ActionPolicies
{
    /// <summary>A change a person made on the platform between cycles, observed by <see cref="Actuator.DetectHumanChangesAsync(long, AdPilot.Core.Platforms.AdAccountRef, AdPilot.Core.Platforms.IAdPlatform, AdPilot.Core.Guardrails.RolloutStage, CancellationToken)"/>.</summary>
    public const string Human = "human";

    /// <summary>A restore of a human budget by <see cref="KillSwitchService.RestoreAsync(long, AdPilot.Core.Platforms.AdAccountRef, AdPilot.Core.Platforms.IAdPlatform, IBatchAdPlatform?, AdPilot.Core.Guardrails.RolloutStage, System.Threading.CancellationToken)"/>.</summary>
    public const string KillSwitch = "kill_switch";

    /// <summary>
    /// A creative rotation (activate the ads of one creative type in an ad set, pause the others): logged as its own entry
    /// beside the hour's change, because it is applied through other calls and undone on its own.
    /// </summary>
    public const string CreativeRotation = AdPilot.Storage.Creatives.CreativeStore.RotationPolicy;

    /// <summary>
    /// A step of a targeting experiment (an A/B copy): the original's budget cut by the test budget, the copy made, the
    /// loser paused and the winner given the whole budget, or the copy paused and the original's budget given back.
    /// </summary>
    public const string AbTest = "ab_test";

    /// <summary>The version logged with <see cref="Human"/> and <see cref="KillSwitch"/> entries.</summary>
    public const string Version = "1";
}
