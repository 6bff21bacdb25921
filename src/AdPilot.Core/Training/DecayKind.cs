namespace AdPilot.Core.Training;

/// <summary>The shape of a <see cref="DecaySchedule"/>.</summary>
public enum DecayKind
{
    /// <summary>A straight line from start to end, then flat.</summary>
    Linear = 0,

    /// <summary>Halves the distance to the end every half-life.</summary>
    Exponential = 1,
}
