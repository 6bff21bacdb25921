using System.ComponentModel.DataAnnotations;
using AdPilot.Core.Agents;

namespace AdPilot.Runtime.Loop;

/// <summary>Settings of the hourly loop's policy, bound from the <c>Loop</c> section.</summary>
public sealed class LoopOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Loop";

    /// <summary>The policies that may run for real: the learning agents and the baselines that need no simulator (not the oracle).</summary>
    public static IReadOnlyList<string> Policies { get; } = ["bandit", "qlearning", "dqn", "rules", "proportional", "fixed"];

    /// <summary>
    /// Gets or sets the policy that proposes: a learning agent (<c>bandit</c>, <c>qlearning</c>, <c>dqn</c>) or a baseline
    /// (<c>rules</c>, <c>proportional</c>, <c>fixed</c>).
    /// </summary>
    /// <value>The default value is <c>bandit</c>, which learns online from its first hour without a checkpoint.</value>
    [Required]
    public string Policy { get; set; } = "bandit";

    /// <summary>
    /// Gets or sets a trained checkpoint (from <c>adpilot train</c>) to start a learning agent from; its kind must be
    /// <see cref="Policy"/>. Used only until the loop has saved an online checkpoint of its own for the account.
    /// </summary>
    public string? Checkpoint { get; set; }

    /// <summary>
    /// Gets or sets the folder of the online checkpoints: after every cycle a learning agent is saved there, one file per
    /// store and ad account, written atomically; a restarted worker starts from it. Workers that share accounts must
    /// share this folder.
    /// </summary>
    /// <value>The default value is <c>./adpilot-data/checkpoints</c>.</value>
    [Required]
    public string CheckpointDirectory { get; set; } = "./adpilot-data/checkpoints";

    /// <summary>Gets or sets the seed of the policy's exploration.</summary>
    /// <value>The default value is 1.</value>
    public ulong Seed { get; set; } = 1;

    /// <summary>
    /// Gets or sets how long a cycle waits for the store's Shopify order pull (which Shopify paces by query cost) before it
    /// scores the hour with the orders stored so far. The pull goes on; the orders it brings rescore their hours at the
    /// next cycle, and webhooks bring most orders before the pull anyway.
    /// </summary>
    /// <value>The default value is 1 minute.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:50:00")]
    public TimeSpan OrderPullWait { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Gets or sets the expected size of an hourly order pull (the orders created in the hour before the watermark, times
    /// the hours it is behind) above which the pull runs as one Shopify bulk operation instead of cost-paced pages.
    /// </summary>
    /// <value>The default value is 200.</value>
    [Range(0, 10_000_000)]
    public int OrderBulkAbove { get; set; } = AdPilot.Runtime.Ingestion.OrderIngestion.DefaultBulkAbove;

    /// <summary>
    /// Gets or sets how many account cycles this process runs at once (more wait their turn). Each holds its accounts'
    /// states, history and decisions in memory, and the machine's cores are shared: on 2 cores, two at a time finish an
    /// hour of four accounts about as fast as four at a time, in much less memory.
    /// </summary>
    /// <value>The default value is 2.</value>
    [Range(1, 64)]
    public int MaxConcurrentCycles { get; set; } = 2;

    /// <summary>
    /// Gets or sets how many ad sets this process works on at once, summed over the account cycles and store rescorings
    /// running side by side (each weighs its ad sets; the last count seen, or all of this when not yet known). It bounds
    /// memory by the size of the work rather than the number of accounts: small accounts run
    /// <see cref="MaxConcurrentCycles"/> at a time, a store of 10,000 ad sets runs its pieces one after another (in the
    /// cycle benchmark 300 MB at the peak instead of 350–390 with two at a time, for about 8 s more an hour). Work
    /// larger than this runs alone.
    /// </summary>
    /// <value>The default value is 4,000.</value>
    [Range(1, 100_000_000)]
    public int MaxAdSetsInFlight { get; set; } = 4_000;

    /// <summary>Gets or sets the version recorded with every decision, to tell policy releases apart in the log.</summary>
    /// <value>The default value is <c>1</c>.</value>
    [Required]
    public string PolicyVersion { get; set; } = "1";

    /// <summary>The problems of these settings, one sentence each; empty when valid.</summary>
    /// <returns>The problems.</returns>
    public IReadOnlyList<string> Validate()
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true);
        return [.. results.Select(r => $"{SectionName}: {r.ErrorMessage}")];
    }

    /// <inheritdoc />
    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (!Policies.Contains(Policy, StringComparer.Ordinal))
        {
            yield return new ValidationResult(
                $"The Policy '{Policy}' is unknown: expected one of {string.Join(", ", Policies)} (LOOP__POLICY).", [nameof(Policy)]);
        }
        else if (!string.IsNullOrWhiteSpace(Checkpoint) && !LearningAgents.IsKnown(Policy))
        {
            yield return new ValidationResult(
                $"A Checkpoint is given but the Policy '{Policy}' is a baseline, which has none: set Policy to the checkpoint's agent.", [nameof(Checkpoint)]);
        }
        else if (!string.IsNullOrWhiteSpace(Checkpoint) && !File.Exists(Checkpoint))
        {
            yield return new ValidationResult($"The Checkpoint '{Checkpoint}' does not exist.", [nameof(Checkpoint)]);
        }
    }
}
