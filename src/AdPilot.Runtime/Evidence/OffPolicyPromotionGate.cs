using System.Globalization;
using AdPilot.Core.Agents;
using AdPilot.Core.Agents.Checkpoints;
using AdPilot.Core.Training.OffPolicy;

namespace AdPilot.Runtime.Evidence;

/// <summary>
/// The promotion gate on off-policy evidence: both checkpoints replay the same logged decisions, the doubly robust
/// estimator values each (one cross-fitted reward model for both), and the candidate is promoted only when the 95%
/// interval of the mean per-decision difference, candidate minus current, has its lower end at or above minus the
/// tolerance (<see cref="PromotionGateOptions"/>), with at least <see cref="PromotionGateOptions.MinDecisions"/>
/// decisions and <see cref="PromotionGateOptions.MinEffectiveSampleSize"/> effective decisions for each policy. With no
/// serving checkpoint the candidate is compared with the logging policy's own value: its logged rewards.
/// </summary>
/// <remarks>
/// Values are per decision (an ad set-day, see <see cref="DecisionUnit"/>) in the store currency. A checkpoint that
/// cannot be read, too few decisions, weights that leave too few effective decisions, or no interval keep the candidate
/// out, the reason saying which.
/// </remarks>
/// <param name="reader">Reads the logged decisions.</param>
/// <param name="options">The thresholds; the defaults when null.</param>
public sealed class OffPolicyPromotionGate(LoggedDecisionReader reader, PromotionGateOptions? options = null) : IPromotionGate
{
    private const string Method = "dr";

    private readonly PromotionGateOptions _options = Validated(options ?? new PromotionGateOptions());

    /// <inheritdoc />
    public async Task<PromotionVerdict> JudgeAsync(PromotionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var history = await reader.ReadAsync(request.StoreId, request.From, request.To, _options.Reader, cancellationToken).ConfigureAwait(false);
        var units = DecisionUnitSet.Build(history, _options.DayStartHour);
        var n = units.Units.Count;
        if (n < _options.MinDecisions)
        {
            var skipped = units.Skipped.Count == 0 ? string.Empty : " (left out: " + string.Join(", ", units.Skipped.Select(s => $"{s.Key} {s.Value}")) + ")";
            return Refuse(n, Invariant($"only {n} logged decisions from {request.From:yyyy-MM-dd HH:mm}Z to {request.To:yyyy-MM-dd HH:mm}Z can be used, at least {_options.MinDecisions} are needed{skipped}"));
        }

        var (candidate, candidateProblem) = await LoadAsync(request.CandidatePath, "candidate", cancellationToken).ConfigureAwait(false);
        if (candidate is null)
        {
            return Refuse(n, candidateProblem!);
        }

        IPolicy? current = null;
        if (request.CurrentPath is { } currentPath)
        {
            (current, var currentProblem) = await LoadAsync(currentPath, "serving", cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return Refuse(n, currentProblem!);
            }
        }

        var model = OffPolicyEvaluation.FitRewardModel(units);
        var mine = OffPolicyEvaluation.Decisions(units, PolicyReplay.Replay(candidate, units), model);
        var mineDr = OffPolicyEstimators.DoublyRobust(mine, _options.MaxWeight);
        if (mineDr.EffectiveSampleSize < _options.MinEffectiveSampleSize)
        {
            return Refuse(n, Invariant($"the candidate's weights leave {mineDr.EffectiveSampleSize:0.#} effective decisions of {n}, at least {_options.MinEffectiveSampleSize:0.#} are needed: the logged policy too rarely did what the candidate would"), mineDr.Value);
        }

        PairedDifference difference;
        double? currentValue;
        string against;
        if (current is null)
        {
            OffPolicyEstimators.TryTerms(OffPolicyMethod.DoublyRobust, mine, _options.MaxWeight, out var terms, out _);
            var rewards = mine.Select(d => d.Reward).ToArray();
            difference = OffPolicyEstimators.Difference(terms, rewards);
            currentValue = rewards.Average();
            against = "the logged policy";
        }
        else
        {
            var theirs = OffPolicyEvaluation.Decisions(units, PolicyReplay.Replay(current, units), model);
            var theirsDr = OffPolicyEstimators.DoublyRobust(theirs, _options.MaxWeight);
            currentValue = theirsDr.Value;
            if (theirsDr.EffectiveSampleSize < _options.MinEffectiveSampleSize)
            {
                return Refuse(n, Invariant($"the serving policy's weights leave {theirsDr.EffectiveSampleSize:0.#} effective decisions of {n}, at least {_options.MinEffectiveSampleSize:0.#} are needed"), mineDr.Value, currentValue);
            }

            difference = OffPolicyEstimators.Compare(OffPolicyMethod.DoublyRobust, mine, theirs, _options.MaxWeight);
            against = "the serving checkpoint";
        }

        if (difference.Lower is not { } lower || difference.Upper is not { } upper || difference.Difference is not { } mean)
        {
            return Refuse(n, $"no interval for the difference: {difference.Reason}", mineDr.Value, currentValue);
        }

        var tolerance = Math.Max(_options.AbsoluteTolerance, _options.RelativeTolerance * Math.Abs(currentValue ?? 0));
        var promote = lower >= -tolerance;
        var figures = Invariant($"candidate − {against}: {mean:+0.00;-0.00} per decision (95% CI {lower:0.00} to {upper:0.00}) over {n} decisions");
        var reason = promote
            ? Invariant($"promoted: {figures}; the lower end is above −{tolerance:0.00}, the tolerance")
            : Invariant($"kept out: {figures}; the lower end is below −{tolerance:0.00}, the tolerance, so the evidence does not say the candidate is no worse");
        return new PromotionVerdict(promote, Method, mineDr.Value, currentValue, lower, upper, n, reason);
    }

    private static async Task<(IPolicy? Policy, string? Problem)> LoadAsync(string path, string which, CancellationToken cancellationToken)
    {
        try
        {
            var (policy, _) = await OffPolicyCandidates.LoadAsync(path, cancellationToken).ConfigureAwait(false);
            return (policy, null);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or CheckpointException or IOException)
        {
            return (null, $"the {which} checkpoint cannot be read: {ex.Message}");
        }
    }

    private static PromotionVerdict Refuse(int decisions, string reason, double? candidate = null, double? current = null) =>
        new(false, Method, candidate, current, null, null, decisions, "kept out: " + reason);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static PromotionGateOptions Validated(PromotionGateOptions options)
    {
        var errors = options.Validate();
        return errors.Count == 0 ? options : throw new ArgumentException($"invalid promotion gate options: {string.Join("; ", errors)}", nameof(options));
    }
}
