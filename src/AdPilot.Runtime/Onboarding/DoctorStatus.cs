namespace AdPilot.Runtime.Onboarding;

/// <summary>The outcome of one doctor check.</summary>
public enum DoctorStatus
{
    /// <summary>Fine.</summary>
    Ok = 0,

    /// <summary>Worth fixing; a run works.</summary>
    Warning = 1,

    /// <summary>Blocks a run.</summary>
    Problem = 2,
}
