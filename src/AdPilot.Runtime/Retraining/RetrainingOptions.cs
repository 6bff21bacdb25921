using System.ComponentModel.DataAnnotations;
using AdPilot.Core.Agents;

namespace AdPilot.Runtime.Retraining;

/// <summary>Settings of the nightly retraining, bound from the <c>Retraining</c> section.</summary>
public sealed class RetrainingOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Retraining";

    /// <summary>
    /// Gets or sets a value indicating whether <c>adpilot run</c> and <c>adpilot serve --mode</c> schedule the nightly
    /// retraining. <c>adpilot retrain</c> runs it on demand either way.
    /// </summary>
    /// <value>The default value is false.</value>
    public bool Enabled { get; set; }

    /// <summary>
    /// Gets or sets the hour of the store's local day at which the nightly retraining starts (at half past it, once that
    /// hour's cycles have scored the hour before); its data end at the start of that hour.
    /// </summary>
    /// <value>The default value is 3 (03:30 local).</value>
    [Range(0, 23)]
    public int LocalHour { get; set; } = 3;

    /// <summary>Gets or sets how many simulated episodes each retraining trains for.</summary>
    /// <value>The default value is 200 (a few seconds to a few tens of seconds on one core, by agent and store size).</value>
    [Range(1, 100_000)]
    public int Episodes { get; set; } = 200;

    /// <summary>Gets or sets how many simulated days each training episode lasts.</summary>
    /// <value>The default value is 14.</value>
    [Range(1, 365)]
    public int EpisodeDays { get; set; } = 14;

    /// <summary>
    /// Gets or sets the folder the retrained checkpoints are written to (one subfolder per store, files written
    /// atomically). Every worker that may serve a store must see it.
    /// </summary>
    /// <value>The default value is <c>./adpilot-data/retraining</c>.</value>
    [Required]
    public string Directory { get; set; } = "./adpilot-data/retraining";

    /// <summary>Gets or sets how many days of accumulated data, up to the last complete hour, each retraining learns from.</summary>
    /// <value>The default value is 28.</value>
    [Range(1, 366)]
    public int WindowDays { get; set; } = 28;

    /// <summary>
    /// Gets or sets the agent trained when no registered checkpoint serves the store (otherwise the serving one is trained
    /// on, whatever its kind): <c>bandit</c>, <c>qlearning</c> or <c>dqn</c>.
    /// </summary>
    /// <value>The default value is empty: the loop's policy (<c>Loop:Policy</c>) when it is a learning agent, else <c>bandit</c>.</value>
    public string? AgentKind { get; set; }

    /// <summary>
    /// Gets or sets the most ad sets one simulated episode holds: a store with more ad sets with data trains on a different
    /// random selection of them in each scenario.
    /// </summary>
    /// <value>The default value is 16.</value>
    [Range(1, 1_000)]
    public int AdSetsPerScenario { get; set; } = 16;

    /// <summary>Gets or sets the seed the scenario draws and the training's exploration derive from, with the store and the night.</summary>
    /// <value>The default value is 1.</value>
    public ulong Seed { get; set; } = 1;

    /// <summary>The problems of these settings, one sentence each; empty when valid.</summary>
    /// <returns>The problems.</returns>
    public IReadOnlyList<string> Validate()
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true);
        return [.. results.Select(r => $"{SectionName}: {r.ErrorMessage}")];
    }

    /// <summary>The settings in force, with the agent kind resolved against the loop's policy.</summary>
    /// <param name="loopPolicy">The loop's policy (<c>Loop:Policy</c>).</param>
    /// <returns>An immutable copy.</returns>
    public RetrainingSettings Snapshot(string loopPolicy) => new(
        Enabled,
        LocalHour,
        Episodes,
        EpisodeDays,
        Path.GetFullPath(Directory),
        WindowDays,
        !string.IsNullOrWhiteSpace(AgentKind) ? AgentKind.Trim() : LearningAgents.IsKnown(loopPolicy ?? string.Empty) ? loopPolicy! : "bandit",
        AdSetsPerScenario,
        Seed);

    /// <inheritdoc />
    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(AgentKind) && !LearningAgents.IsKnown(AgentKind.Trim()))
        {
            yield return new ValidationResult(
                $"The AgentKind '{AgentKind}' is unknown: expected one of {string.Join(", ", LearningAgents.Kinds)} (RETRAINING__AGENTKIND).", [nameof(AgentKind)]);
        }

        if (string.IsNullOrWhiteSpace(Directory))
        {
            yield return new ValidationResult("The Directory must name a folder (RETRAINING__DIRECTORY).", [nameof(Directory)]);
        }
    }
}
