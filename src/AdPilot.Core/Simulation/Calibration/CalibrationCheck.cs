namespace AdPilot.Core.Simulation.Calibration;

/// <summary>One simulator statistic set against the data's, with the tolerance the family is held to.</summary>
/// <param name="Name">What is compared, e.g. <c>CPM 35-44 ÷ 25-34</c>.</param>
/// <param name="Data">The data's value (or the family's deliberate target derived from it).</param>
/// <param name="Simulator">The simulator's value.</param>
/// <param name="Kind">Whether the ratio or the difference is held to the tolerance.</param>
/// <param name="Tolerance">The largest acceptable |ratio − 1| or |difference|.</param>
/// <param name="Driver">What in the family sets the simulator's value, for whoever has to move it.</param>
public sealed record CalibrationCheck(string Name, double Data, double Simulator, ComparisonKind Kind, double Tolerance, string Driver)
{
    /// <summary>Gets the ratio (simulator ÷ data) or the difference (simulator − data).</summary>
    public double Gap => Kind == ComparisonKind.Ratio ? Simulator / Data : Simulator - Data;

    /// <summary>Gets a value indicating whether the simulator is within the tolerance of the data.</summary>
    public bool WithinTolerance => Kind == ComparisonKind.Ratio ? Math.Abs(Gap - 1) <= Tolerance : Math.Abs(Gap) <= Tolerance;
}
