using AdPilot.Core.Agents;

namespace AdPilot.Core.Training.OffPolicy;

/// <summary>
/// From logged decisions and a candidate's replay of them to the estimators' inputs and estimates: the cross-fitted
/// reward model (fitted once on the logged decisions, whichever candidates are judged), each decision's weight and DR
/// predictions, and the report.
/// </summary>
public static class OffPolicyEvaluation
{
    /// <summary>
    /// Fits the reward model on the logged decisions: each decision's state and first action against its reward, folded by
    /// UTC day (a day's decisions of every ad set fall in one fold, and the days alternate).
    /// </summary>
    /// <param name="units">The logged decisions.</param>
    /// <param name="options">The model options; the defaults when null.</param>
    /// <returns>The cross-fitted model.</returns>
    public static CrossFittedRewardModel FitRewardModel(DecisionUnitSet units, RewardModelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(units);
        var samples = new RewardModelSample[units.Units.Count];
        for (var u = 0; u < samples.Length; u++)
        {
            var unit = units.Units[u];
            samples[u] = new RewardModelSample(RewardFeatures.Of(unit.State, unit.FirstAction), unit.Reward, unit.StartUtc.ToUnixTimeSeconds() / 86_400);
        }

        return CrossFittedRewardModel.Fit(samples, options);
    }

    /// <summary>The estimators' inputs for one candidate.</summary>
    /// <param name="units">The logged decisions.</param>
    /// <param name="replay">The candidate's replay of them (<see cref="PolicyReplay.Replay"/>).</param>
    /// <param name="model">The reward model fitted on <paramref name="units"/>.</param>
    /// <returns>One input per decision.</returns>
    /// <exception cref="ArgumentException">The replay or the model covers other decisions.</exception>
    public static OffPolicyDecision[] Decisions(DecisionUnitSet units, IReadOnlyList<ReplayedUnit> replay, CrossFittedRewardModel model)
    {
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(replay);
        ArgumentNullException.ThrowIfNull(model);
        if (replay.Count != units.Units.Count || model.Count != units.Units.Count)
        {
            throw new ArgumentException($"the replay ({replay.Count}) and the model ({model.Count}) must cover the {units.Units.Count} decisions", nameof(replay));
        }

        var decisions = new OffPolicyDecision[units.Units.Count];
        for (var u = 0; u < decisions.Length; u++)
        {
            var unit = units.Units[u];
            var predicted = model.Predict(u, RewardFeatures.Of(unit.State, unit.FirstAction));
            var expected = 0.0;
            var mass = 0.0;
            foreach (var (action, probability) in replay[u].FirstHour)
            {
                expected += probability * model.Predict(u, RewardFeatures.Of(unit.State, action));
                mass += probability;
            }

            // A distribution that does not add up to 1 (a policy's rounding) is renormalised; an empty one predicts the logged action.
            expected = mass > 0 ? expected / mass : predicted;
            decisions[u] = new OffPolicyDecision(unit.Reward, unit.LoggingPropensity, replay[u].TargetProbability, predicted, expected);
        }

        return decisions;
    }

    /// <summary>Evaluates one candidate: IPS, SNIPS and DR, and the logging policy's own value.</summary>
    /// <param name="units">The logged decisions.</param>
    /// <param name="replay">The candidate's replay of them.</param>
    /// <param name="model">The reward model fitted on <paramref name="units"/>; fitted here when null.</param>
    /// <param name="options">The options; the defaults when null.</param>
    /// <returns>The report.</returns>
    public static OffPolicyReport Evaluate(DecisionUnitSet units, IReadOnlyList<ReplayedUnit> replay, CrossFittedRewardModel? model = null, OffPolicyEvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(units);
        options ??= new OffPolicyEvaluationOptions();
        options.Validate();
        model ??= FitRewardModel(units, options.RewardModel);
        var decisions = Decisions(units, replay, model);
        var rewards = decisions.Select(d => d.Reward).ToArray();
        var estimates = new[] { OffPolicyMethod.Ips, OffPolicyMethod.Snips, OffPolicyMethod.DoublyRobust }
            .Select(m => OffPolicyEstimators.Estimate(m, decisions, options.MaxWeight))
            .ToArray();
        var ips = estimates[0];
        return new OffPolicyReport(decisions.Length, units.Skipped, LoggedValue.Of(rewards), estimates, ips.EffectiveSampleSize, ips.MaxWeight, ips.ClippedWeights);
    }

    /// <summary>Replays a candidate and evaluates it.</summary>
    /// <param name="policy">The candidate (an <see cref="IActionProbabilities"/>).</param>
    /// <param name="units">The logged decisions.</param>
    /// <param name="model">The reward model fitted on <paramref name="units"/>; fitted here when null.</param>
    /// <param name="options">The options; the defaults when null.</param>
    /// <returns>The report.</returns>
    public static OffPolicyReport Evaluate(IPolicy policy, DecisionUnitSet units, CrossFittedRewardModel? model = null, OffPolicyEvaluationOptions? options = null) =>
        Evaluate(units, PolicyReplay.Replay(policy, units), model, options);
}
