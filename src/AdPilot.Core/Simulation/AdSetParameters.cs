using System.ComponentModel;
using AdPilot.Core.Domain;

namespace AdPilot.Core.Simulation;

/// <summary>One ad set (a Meta ad set or a TikTok ad group): its starting settings and the true parameters of its world.</summary>
public sealed record AdSetParameters
{
    /// <summary>Gets the platform's id for the ad set.</summary>
    [Description("The platform's id for the ad set; unique within the scenario.")]
    public required string Id { get; init; }

    /// <summary>Gets a readable name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the platform.</summary>
    public required Platform Platform { get; init; }

    /// <summary>Gets the targeted age band at the start.</summary>
    public required AgeGroup TargetAgeGroup { get; init; }

    /// <summary>Gets the targeted interests at the start.</summary>
    public required Interests TargetInterests { get; init; }

    /// <summary>Gets the creative group running at the start.</summary>
    public required CreativeType CreativeType { get; init; }

    /// <summary>Gets the starting daily budget, in the store currency.</summary>
    [Description("Starting daily budget in the store currency; within [minDailyBudget, maxDailyBudget].")]
    public required decimal DailyBudget { get; init; }

    /// <summary>Gets the smallest daily budget anyone may set.</summary>
    [Description("Smallest daily budget anyone may set (the platform's minimum or the store's), > 0.")]
    public required decimal MinDailyBudget { get; init; }

    /// <summary>Gets the largest daily budget anyone may set.</summary>
    [Description("Largest daily budget anyone may set.")]
    public required decimal MaxDailyBudget { get; init; }

    /// <summary>Gets the bid strategy at the start.</summary>
    public required BidStrategy BidStrategy { get; init; }

    /// <summary>Gets the CPM at low spend and usual competition, in the store currency.</summary>
    [Description("CPM (cost per 1,000 impressions) at low spend and usual competition, in [0.01, 10000].")]
    public required double BaseCpm { get; init; }

    /// <summary>Gets the hourly spend at which the ad set buys half the impressions its audience can give (Hill K).</summary>
    [Description("Hourly spend at which the ad set buys half the impressions its audience can give (Hill half-saturation), in [0.01, 1e7].")]
    public required double HalfSaturationHourlySpend { get; init; }

    /// <summary>Gets the Hill shape; at most 1, so every extra unit of spend buys less than the one before.</summary>
    [Description("Hill shape in (0, 1]: at most 1, so returns to spend diminish everywhere.")]
    public required double HillShape { get; init; }

    /// <summary>Gets how strongly the ad set's prices follow competitor pressure (1 = fully).</summary>
    [Description("How strongly the ad set's prices follow competitor pressure (1 = fully), in [0, 2].")]
    public required double CompetitorSensitivity { get; init; }

    /// <summary>Gets the fresh click-through rate of each creative group for the starting audience.</summary>
    [Description("Fresh click-through rate of each creative group for the starting audience, each in (0, 1).")]
    public required IReadOnlyDictionary<CreativeType, double> CtrByCreative { get; init; }

    /// <summary>Gets the purchase rate per click for the starting audience in an average hour.</summary>
    [Description("Purchases per click for the starting audience in an average hour, in (0, 1).")]
    public required double Cvr { get; init; }

    /// <summary>Gets the mean order value, in the store currency.</summary>
    [Description("Mean order value in the store currency, in [0.01, 1e7].")]
    public required double AverageOrderValue { get; init; }

    /// <summary>Gets the standard deviation of the logarithm of order values.</summary>
    [Description("Standard deviation of the log of order values, in [0, 2].")]
    public required double OrderValueSigma { get; init; }

    /// <summary>Gets the impressions after which a creative's click-through rate has lost half its fatigue range.</summary>
    [Description("Cumulative impressions after which a creative has lost half of its fatigue range, in [1, 1e12].")]
    public required double FatigueHalfLifeImpressions { get; init; }

    /// <summary>Gets the fraction of the fresh click-through rate a fully worn creative keeps.</summary>
    [Description("Fraction of the fresh click-through rate a fully worn creative keeps, in [0, 1].")]
    public required double FatigueFloor { get; init; }

    /// <summary>Gets the hours a resting creative needs to recover half its fatigue.</summary>
    [Description("Hours a resting creative needs to recover half of its fatigue, in [0.1, 1e6].")]
    public required double FatigueRecoveryHours { get; init; }
}
