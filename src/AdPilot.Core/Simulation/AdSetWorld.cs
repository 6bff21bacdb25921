using AdPilot.Core.Domain;

namespace AdPilot.Core.Simulation;

/// <summary>
/// One ad set's true parameters and evolving state inside <see cref="SimulatedEnvironment"/>. A mutable struct
/// kept in an array and used by reference, so the hourly loop touches contiguous memory and allocates nothing.
/// </summary>
internal struct AdSetWorld
{
    // Parameters, fixed for the episode.
    public int PlatformIndex;
    public double Capacity;
    public double LogHalfSaturationPowShape;
    public double Shape;
    public double Sensitivity;
    public double Cvr;
    public double OrderValue;
    public double OrderValueSigma;
    public double FatigueHalfLife;
    public double FatigueFloor;
    public double FatigueRecoveryPerHour;
    public double MinBudget;
    public double MaxBudget;
    public double InitialAgeCtr;
    public double InitialAgeCvr;
    public double InitialAgeCpm;
    public double InitialAffinity;

    // Settings, changed by actions.
    public double Budget;
    public BidStrategy Bid;
    public CreativeType Creative;
    public AgeGroup Age;
    public Interests Interests;
    public AdSetStatus Status;
    public double CtrRatio;
    public double CvrRatio;
    public double CpmRatio;
    public double LogCpmRatio;

    // Platform state.
    public bool Learning;
    public double LearningConversions;
    public int LearningHours;
    public double BudgetReference;
    public int HoursSinceCreativeChange;
    public int PausedHours;
    public double SpentToday;
    public double DayOpportunity;

    // What the outside world has observed (for the state's features).
    public double EwImpressions;
    public double EwClicks;
    public double EwConversions;
    public double EwCpm;
    public double LastCpm;
    public double TrailingSpend;
    public double TrailingRevenue;
    public int TrailingSpendHours;
    public int TrailingRevenueHours;
}
