using AdPilot.Core.Domain;
namespace AdPilot.Storage.Experiments;

/// <summary>
/// One experiment as people's tools print it: a row of <c>adpilot experiments list --json</c> (and the other subcommands'
/// <c>--json</c>) and of the dashboard's <c>/dashboard/api/experiments</c>, with the words the database stores.
/// </summary>
/// <param name="Id">The experiment's id.</param>
/// <param name="Status">proposed, approved, rejected, starting, running, concluding, concluded, ended or failed.</param>
/// <param name="Platform">instagram or tiktok.</param>
/// <param name="Account">The ad account's id.</param>
/// <param name="AdSet">The original ad set's id.</param>
/// <param name="FromAgeGroup">The original's age band.</param>
/// <param name="FromInterests">The original's interests (comma-separated, or broad).</param>
/// <param name="ToAgeGroup">The copy's age band.</param>
/// <param name="ToInterests">The copy's interests.</param>
/// <param name="ProposedBy">The policy or person who proposed it.</param>
/// <param name="ProposedAt">When.</param>
/// <param name="Reason">Why.</param>
/// <param name="DecidedBy">Who approved or rejected it.</param>
/// <param name="DecidedAt">When.</param>
/// <param name="Currency">The currency of every amount.</param>
/// <param name="OriginalBudget">The original's daily budget when it started: what the two arms share.</param>
/// <param name="TestBudget">The copy's daily budget during the test.</param>
/// <param name="CopyAdSet">The copy's id, once made.</param>
/// <param name="CopyName">The copy's name.</param>
/// <param name="StartedAt">When both arms started.</param>
/// <param name="EndsAt">When the test period ends.</param>
/// <param name="FinishedAt">When it was concluded, ended, rejected or failed.</param>
/// <param name="Winner">original or copy, once judged.</param>
/// <param name="PValue">The paired t-test's two-sided p-value.</param>
/// <param name="OriginalProfit">The original's Shopify-attributed profit over the test.</param>
/// <param name="CopyProfit">The copy's Shopify-attributed profit over the test.</param>
/// <param name="Outcome">What happened, in words.</param>
/// <param name="EndRequestedBy">Who asked to end it early.</param>
public sealed record ExperimentListing(
    long Id,
    string Status,
    string Platform,
    string Account,
    string AdSet,
    string FromAgeGroup,
    string FromInterests,
    string ToAgeGroup,
    string ToInterests,
    string ProposedBy,
    DateTimeOffset ProposedAt,
    string Reason,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    string Currency,
    decimal? OriginalBudget,
    decimal? TestBudget,
    string? CopyAdSet,
    string? CopyName,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndsAt,
    DateTimeOffset? FinishedAt,
    string? Winner,
    double? PValue,
    decimal? OriginalProfit,
    decimal? CopyProfit,
    string? Outcome,
    string? EndRequestedBy)
{
    /// <summary>The listing of an experiment.</summary>
    /// <param name="e">The experiment.</param>
    /// <returns>The listing.</returns>
    public static ExperimentListing From(TargetingExperiment e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new(
            e.Id,
            ExperimentText.Of(e.Status),
            ExperimentText.Of(e.Original.Platform),
            e.Account.AccountId,
            e.Original.ExternalId,
            e.FromAgeGroup.Label(),
            TargetingText.Format(e.FromInterests),
            e.ToAgeGroup.Label(),
            TargetingText.Format(e.ToInterests),
            e.ProposedBy,
            e.ProposedAt,
            e.Reason,
            e.DecidedBy,
            e.DecidedAt,
            e.Currency,
            e.OriginalBudget,
            e.TestBudget,
            e.Copy?.ExternalId,
            e.CopyName,
            e.StartedAt,
            e.EndsAt,
            e.FinishedAt,
            e.Winner is { } w ? ExperimentText.Of(w) : null,
            e.PValue,
            e.OriginalProfit,
            e.CopyProfit,
            e.Outcome,
            e.EndRequestedBy);
    }
}
