using AdPilot.Core.Agents;
using AdPilot.Core.Agents.Checkpoints;

namespace AdPilot.Runtime.Evidence;

/// <summary>
/// The policies off-policy evaluation can judge: a baseline by name (<c>fixed</c>, <c>rules</c>, <c>proportional</c>,
/// with the loop's default settings) or a learning agent's checkpoint file, loaded frozen — out of training, so it
/// explores at its evaluation rate, and replayed without learning (see <see cref="IActionProbabilities.ReplaysTransitions"/>).
/// </summary>
public static class OffPolicyCandidates
{
    /// <summary>Gets the baseline names.</summary>
    public static IReadOnlyList<string> Baselines { get; } = ["fixed", "rules", "proportional"];

    /// <summary>Whether a name is a baseline's.</summary>
    /// <param name="name">The name.</param>
    /// <returns>Whether it is.</returns>
    public static bool IsBaseline(string name) => Baselines.Contains(name, StringComparer.Ordinal);

    /// <summary>A baseline, as the loop runs it.</summary>
    /// <param name="name">One of <see cref="Baselines"/>.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="ArgumentException">The name is not a baseline's.</exception>
    public static IPolicy Baseline(string name) => name switch
    {
        "fixed" => new FixedBudgetPolicy(),
        "rules" => new RulesPolicy(),
        "proportional" => new ProportionalPolicy(),
        _ => throw new ArgumentException($"'{name}' is not a baseline (one of {string.Join(", ", Baselines)})", nameof(name)),
    };

    /// <summary>A baseline by name, or the agent a checkpoint file holds, frozen.</summary>
    /// <param name="policyOrPath">A baseline name or a checkpoint file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The policy and how to name it in a report (the baseline's name, or the checkpoint's kind and run).</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="CheckpointException">The file is not a usable checkpoint.</exception>
    public static async Task<(IPolicy Policy, string Description)> LoadAsync(string policyOrPath, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(policyOrPath);
        if (IsBaseline(policyOrPath))
        {
            return (Baseline(policyOrPath), policyOrPath);
        }

        if (!File.Exists(policyOrPath))
        {
            throw new FileNotFoundException($"checkpoint '{Path.GetFullPath(policyOrPath)}' does not exist", policyOrPath);
        }

        var stream = File.OpenRead(policyOrPath);
        await using (stream.ConfigureAwait(false))
        {
            var checkpoint = await CheckpointFormat.ReadAsync(stream, null, cancellationToken).ConfigureAwait(false);
            var agent = LearningAgents.FromCheckpoint(checkpoint);
            agent.Training = false;
            return (agent, $"{checkpoint.AgentKind}:{checkpoint.RunId}@{checkpoint.CreatedAt:yyyy-MM-ddTHH}Z");
        }
    }
}
