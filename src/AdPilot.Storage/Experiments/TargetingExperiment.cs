using AdPilot.Core.Domain;
using AdPilot.Core.Experiments;
using AdPilot.Core.Platforms;

namespace AdPilot.Storage.Experiments;

/// <summary>One targeting experiment as stored in <c>targeting_experiments</c>.</summary>
/// <param name="Id">The experiment's id.</param>
/// <param name="Account">The ad account (its currency is the experiment's).</param>
/// <param name="Original">The ad set whose targeting is tested.</param>
/// <param name="FromAgeGroup">The original's age band when proposed.</param>
/// <param name="FromInterests">The original's interests when proposed.</param>
/// <param name="ToAgeGroup">The age band the copy targets.</param>
/// <param name="ToInterests">The interests the copy targets.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="ProposedBy">The policy (<c>policy:name@version</c>) or person who proposed it.</param>
/// <param name="ProposedAt">When.</param>
/// <param name="Reason">Why, for people.</param>
public sealed record TargetingExperiment(
    long Id,
    AdAccountRef Account,
    AdSetRef Original,
    AgeGroup FromAgeGroup,
    Interests FromInterests,
    AgeGroup ToAgeGroup,
    Interests ToInterests,
    ExperimentStatus Status,
    string ProposedBy,
    DateTimeOffset ProposedAt,
    string Reason)
{
    /// <summary>Gets who approved or rejected it.</summary>
    public string? DecidedBy { get; init; }

    /// <summary>Gets when it was approved or rejected.</summary>
    public DateTimeOffset? DecidedAt { get; init; }

    /// <summary>Gets the original's daily budget when the experiment started: what the two arms share, and what the winner keeps.</summary>
    public decimal? OriginalBudget { get; init; }

    /// <summary>Gets the copy's daily budget, taken from the original's, for the test.</summary>
    public decimal? TestBudget { get; init; }

    /// <summary>Gets the copy's name on the platform (unique per experiment, so a lost answer is found by name).</summary>
    public string? CopyName { get; init; }

    /// <summary>Gets the copy, once made.</summary>
    public AdSetRef? Copy { get; init; }

    /// <summary>Gets when both arms started running.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>Gets when the test period ends.</summary>
    public DateTimeOffset? EndsAt { get; init; }

    /// <summary>Gets when it was concluded, ended or failed.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Gets the arm kept, once decided.</summary>
    public ExperimentArm? Winner { get; init; }

    /// <summary>Gets the two-sided p-value of the test, once decided.</summary>
    public double? PValue { get; init; }

    /// <summary>Gets the original's Shopify-attributed profit over the test period.</summary>
    public decimal? OriginalProfit { get; init; }

    /// <summary>Gets the copy's Shopify-attributed profit over the test period.</summary>
    public decimal? CopyProfit { get; init; }

    /// <summary>Gets what happened, for people (the test's figures, why it ended or failed).</summary>
    public string? Outcome { get; init; }

    /// <summary>Gets who asked to end it early, if anyone.</summary>
    public string? EndRequestedBy { get; init; }

    /// <summary>Gets when a person asked to end it early.</summary>
    public DateTimeOffset? EndRequestedAt { get; init; }

    /// <summary>Gets the currency of every amount.</summary>
    public string Currency => Account.Currency;

    /// <summary>Gets a value indicating whether the experiment still holds its ad sets (from proposal to its end).</summary>
    public bool IsOpen => Status is ExperimentStatus.Proposed or ExperimentStatus.Approved or ExperimentStatus.Starting
        or ExperimentStatus.Running or ExperimentStatus.Concluding;

    /// <summary>Gets a value indicating whether AdPilot has touched the ad sets and must leave them to the experiment.</summary>
    public bool HoldsAdSets => Status is ExperimentStatus.Starting or ExperimentStatus.Running or ExperimentStatus.Concluding;
}
