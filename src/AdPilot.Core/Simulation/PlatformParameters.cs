using System.ComponentModel;

namespace AdPilot.Core.Simulation;

/// <summary>How one platform delivers: daily-budget overshoot, the learning phase, and how it counts conversions.</summary>
public sealed record PlatformParameters
{
    /// <summary>Gets the fraction by which one day's spend may exceed the daily budget (Meta: 0.25).</summary>
    [Description("Fraction by which a day's spend may exceed the daily budget (Meta: 0.25), in [0, 1].")]
    public required double MaxDailyOvershoot { get; init; }

    /// <summary>Gets the relative budget change within a day that restarts learning (Meta: about 0.2).</summary>
    [Description("Relative budget change within a local day that restarts the learning phase (Meta: about 0.2), in (0, 10).")]
    public required double LearningBudgetChangeThreshold { get; init; }

    /// <summary>Gets the conversions needed to leave the learning phase (Meta: about 50).</summary>
    [Description("Conversions needed to leave the learning phase (Meta: about 50), >= 1.")]
    public required int LearningExitConversions { get; init; }

    /// <summary>Gets the hours after which learning ends even without enough conversions ("learning limited").</summary>
    [Description("Hours after which the learning phase ends even without enough conversions (Meta: 7 days = 168).")]
    public required int LearningMaxHours { get; init; }

    /// <summary>Gets the fraction of conversion rate lost while learning.</summary>
    [Description("Fraction of the conversion rate lost while in the learning phase, in [0, 1).")]
    public required double LearningCvrPenalty { get; init; }

    /// <summary>Gets how many conversions the platform reports per true purchase (view-through inflates, blockers deflate).</summary>
    [Description("Conversions the platform reports per true purchase (> 1 over-counts, < 1 under-counts), in (0, 10).")]
    public required double ReportedConversionBias { get; init; }
}
