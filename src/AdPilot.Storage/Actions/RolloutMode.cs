namespace AdPilot.Storage.Actions;

/// <summary>The rollout stage a decision was made in.</summary>
public enum RolloutMode
{
    /// <summary>Log only.</summary>
    Shadow = 0,

    /// <summary>Budgets of canary ad sets only.</summary>
    Pilot = 1,

    /// <summary>Budgets and creative rotations, more ad sets.</summary>
    Expand = 2,
}
