namespace AdPilot.Runtime.Onboarding;

/// <summary>How much a finding matters to a run.</summary>
public enum AccessSeverity
{
    /// <summary>Worth knowing; a run works.</summary>
    Warning = 0,

    /// <summary>Blocks a run until fixed.</summary>
    Problem = 1,
}
