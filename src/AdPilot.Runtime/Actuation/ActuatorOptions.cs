namespace AdPilot.Runtime.Actuation;

/// <summary>Settings of the actuator.</summary>
public sealed class ActuatorOptions
{
    /// <summary>
    /// Gets or sets how long an open intent stays worth applying. At recovery, an intent older than this (counted from
    /// when it was written, or approved) that the platform does not already show is marked failed as stale instead of
    /// applied: by then the policy has decided newer hours on newer data, and a late write would undo them.
    /// </summary>
    /// <value>The default value is 2 hours: one missed cycle is recovered, two are not.</value>
    public TimeSpan IntentTtl { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Gets or sets the fewest updates in one cycle that go through a platform's batch path, when it has one.</summary>
    /// <value>The default value is 2.</value>
    public int MinBatchSize { get; set; } = 2;
}
