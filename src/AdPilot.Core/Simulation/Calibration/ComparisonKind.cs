namespace AdPilot.Core.Simulation.Calibration;

/// <summary>How a simulator statistic is set against the data's.</summary>
public enum ComparisonKind
{
    /// <summary>By their ratio, simulator ÷ data; the tolerance is a fraction (0.15 = within 15%).</summary>
    Ratio,

    /// <summary>By their difference, simulator − data; the tolerance is in the statistic's own units.</summary>
    Difference,
}
