using AdPilot.Core.Domain;

namespace AdPilot.Core.Features;

/// <summary>An ad set's configuration at an hour, already normalised across platforms (see <see cref="PlatformTargeting"/>).</summary>
/// <param name="DailyBudget">The daily budget.</param>
/// <param name="Platform">The platform.</param>
/// <param name="TargetAgeGroup">The targeted age band.</param>
/// <param name="TargetInterests">The targeted interests.</param>
/// <param name="CreativeType">The active creative group.</param>
/// <param name="BidStrategy">The bid strategy.</param>
/// <param name="Status">Whether it delivers.</param>
/// <param name="InLearningPhase">Whether the platform reports it in its learning phase.</param>
public sealed record AdSetConfiguration(
    Money DailyBudget,
    Platform Platform,
    AgeGroup TargetAgeGroup,
    Interests TargetInterests,
    CreativeType CreativeType,
    BidStrategy BidStrategy,
    AdSetStatus Status = AdSetStatus.Active,
    bool InLearningPhase = false);
