using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;

namespace AdPilot.Core.Training.OffPolicy;

/// <summary>
/// Checks the estimators where the truth is known: a semi-synthetic design on the simulator. For each seed a world of
/// the default family runs <see cref="OffPolicyValidationOptions.Days"/> days. At each local midnight every active ad set
/// gets one decision: a budget move of the Q-learning grid, drawn by an epsilon-greedy logging policy with known
/// propensities, applied for the day. The mean reward of each move is the simulator's own expectation of the day's
/// profit at the budget the move reaches (<see cref="SimulatedEnvironment.ExpectedHour"/> over the 24 hours ahead, with
/// the running creative and learning state); the logged reward draws the simulator's kinds of noise around it
/// (Poisson purchases, log-normal order values, log-normal pacing of spend), so its expectation is exactly that mean.
/// The truth of a world is the target policy's expected reward on the logged states, Σ over moves of target probability
/// × mean reward, averaged over the decisions; each estimator's 95% interval either holds it or not.
/// </summary>
/// <remarks>
/// The policies are rules on the trailing 24-hour ROAS r against the store's break-even ROAS b = 1 ÷ gross margin,
/// over the moves m₀ &lt; … &lt; m₄ (m₂ = hold). Logging: m₄ when r &gt; 1.5 b, m₃ when r &gt; 1.1 b, m₀ when r &lt; 0.8 b,
/// m₁ when r &lt; b, else m₂, explored uniformly with <see cref="OffPolicyValidationOptions.LoggingEpsilon"/>. Target:
/// m₄ when r &gt; 1.2 b, m₀ when r &lt; b, else m₂, explored with <see cref="OffPolicyValidationOptions.TargetEpsilon"/>.
/// The states come from the world as the logged moves leave it, so they are real simulated states.
/// </remarks>
public static class OffPolicyValidation
{
    private const ulong NoiseStream = 0x0FF_9A11D;
    private const int DayHours = 24;

    private static readonly OffPolicyMethod[] Methods = [OffPolicyMethod.Ips, OffPolicyMethod.Snips, OffPolicyMethod.DoublyRobust];

    /// <summary>Runs the check over every seed.</summary>
    /// <param name="options">The design; the defaults when null.</param>
    /// <param name="progress">Told the number of worlds done after each.</param>
    /// <param name="cancellationToken">Stops between worlds.</param>
    /// <returns>Coverage, bias, RMSE and interval width per estimator.</returns>
    public static OffPolicyValidationReport Run(OffPolicyValidationOptions? options = null, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new OffPolicyValidationOptions();
        options.Validate();
        var covered = new int[Methods.Length];
        var worlds = new int[Methods.Length];
        var errors = new double[Methods.Length];
        var squares = new double[Methods.Length];
        var widths = new double[Methods.Length];
        var decisions = 0L;
        var truths = 0.0;
        for (var s = 0; s < options.Seeds; s++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var world = RunSeed(options.FirstSeed + (ulong)s, options);
            decisions += world.Decisions;
            truths += world.Truth;
            for (var m = 0; m < Methods.Length; m++)
            {
                var estimate = world.Estimates[m];
                if (estimate.Value is not { } value)
                {
                    continue;
                }

                errors[m] += value - world.Truth;
                squares[m] += (value - world.Truth) * (value - world.Truth);
                if (estimate.Lower is { } lower && estimate.Upper is { } upper)
                {
                    worlds[m]++;
                    widths[m] += upper - lower;
                    covered[m] += lower <= world.Truth && world.Truth <= upper ? 1 : 0;
                }
            }

            progress?.Report(s + 1);
        }

        var n = options.Seeds;
        var coverage = Methods.Select((method, m) => new EstimatorCoverage(
            OffPolicyEstimators.NameOf(method),
            (double)covered[m] / n,
            errors[m] / n,
            Math.Sqrt(squares[m] / n),
            worlds[m] > 0 ? widths[m] / worlds[m] : 0,
            worlds[m])).ToArray();
        return new OffPolicyValidationReport(n, (double)decisions / n, truths / n, coverage);
    }

    /// <summary>One world: its logged decisions, the target's true value on them and the three estimates.</summary>
    /// <param name="seed">The world's seed.</param>
    /// <param name="options">The design.</param>
    /// <returns>The world's result.</returns>
    public static ValidationWorld RunSeed(ulong seed, OffPolicyValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var scenario = DefaultFamily.Sample(seed, options.AdSets);
        var world = new SimulatedEnvironment(scenario);
        var result = world.Reset();
        var rng = Rng.ForStream(seed, NoiseStream);
        var n = world.AdSets.Count;
        var instagram = new double[] { -0.19, -0.10, 0, 0.10, 0.19 };
        var tikTok = new double[] { -0.25, -0.12, 0, 0.12, 0.25 };
        var breakEven = 1 / scenario.Store.GrossMargin;
        var logged = new List<OffPolicyDecision>();
        var samples = new List<RewardModelSample>();
        var candidates = new List<double[][]>();
        var targetProbabilities = new List<double[]>();
        var truth = 0.0;
        var actions = new AdAction[n];
        var means = new double[tikTok.Length];
        for (var t = 0; t < options.Days * DayHours; t++)
        {
            var states = result.States.ToArray();
            for (var i = 0; i < n; i++)
            {
                var state = states[i];
                actions[i] = AdAction.Keep(state);
                if (state.HourOfDay != 0 || state.Status == AdSetStatus.Paused || t + DayHours > options.Days * DayHours)
                {
                    continue;
                }

                var moves = state.Platform == Platform.TikTok ? tikTok : instagram;
                var adSet = world.AdSets[i];
                var roas = state.RoasLast24Hours;
                var logGreedy = roas > 1.5 * breakEven ? 4 : roas > 1.1 * breakEven ? 3 : roas < 0.8 * breakEven ? 0 : roas < breakEven ? 1 : 2;
                var targetGreedy = roas > 1.2 * breakEven ? 4 : roas < breakEven ? 0 : 2;
                var truthOf = world.TruthOf(i);
                var features = new double[moves.Length][];
                var target = new double[moves.Length];
                var value = 0.0;
                for (var k = 0; k < moves.Length; k++)
                {
                    var budget = Math.Clamp(state.CurrentBudget * (1 + moves[k]), adSet.MinDailyBudget, adSet.MaxDailyBudget);
                    var expected = ExpectedDay(world, i, budget, truthOf.Creative, truthOf.Learning);
                    means[k] = expected.Profit;
                    target[k] = Epsilon(options.TargetEpsilon, k == targetGreedy, moves.Length);
                    value += target[k] * means[k];
                    features[k] = RewardFeatures.Of(state, AdAction.AdjustBudget(state, (budget / state.CurrentBudget) - 1));
                }

                var chosen = rng.NextDouble() < options.LoggingEpsilon ? rng.NextInt(moves.Length) : logGreedy;
                var chosenBudget = Math.Clamp(state.CurrentBudget * (1 + moves[chosen]), adSet.MinDailyBudget, adSet.MaxDailyBudget);
                var reward = Realised(ref rng, ExpectedDay(world, i, chosenBudget, truthOf.Creative, truthOf.Learning), scenario, i);
                var propensity = Epsilon(options.LoggingEpsilon, chosen == logGreedy, moves.Length);
                logged.Add(new OffPolicyDecision(reward, propensity, target[chosen]));
                samples.Add(new RewardModelSample(features[chosen], reward, t / DayHours));
                candidates.Add(features);
                targetProbabilities.Add(target);
                truth += value;
                actions[i] = AdAction.AdjustBudget(state, (chosenBudget / state.CurrentBudget) - 1);
            }

            result = world.Step(actions);
        }

        var model = CrossFittedRewardModel.Fit(samples, options.RewardModel);
        var decisions = logged.ToArray();
        for (var d = 0; d < decisions.Length; d++)
        {
            var expected = 0.0;
            for (var k = 0; k < candidates[d].Length; k++)
            {
                expected += targetProbabilities[d][k] * model.Predict(d, candidates[d][k]);
            }

            decisions[d] = decisions[d] with { PredictedReward = model.Predict(d, samples[d].Features), TargetPredictedReward = expected };
        }

        var estimates = Methods.Select(m => OffPolicyEstimators.Estimate(m, decisions)).ToArray();
        return new ValidationWorld(seed, decisions.Length, decisions.Length > 0 ? truth / decisions.Length : 0, estimates);
    }

    private static double Epsilon(double epsilon, bool greedy, int count) => (epsilon / count) + (greedy ? 1 - epsilon : 0);

    /// <summary>The simulator's expected outcome of the next 24 hours at a daily budget.</summary>
    private static RewardMetrics ExpectedDay(SimulatedEnvironment world, int adSet, double budget, CreativeType creative, bool learning)
    {
        var day = default(RewardMetrics);
        for (var h = 0; h < DayHours; h++)
        {
            day += world.ExpectedHour(adSet, budget, h, creative, learning);
        }

        return day;
    }

    /// <summary>A day's profit drawn around its expectation with the simulator's kinds of noise; its mean is the expected profit exactly.</summary>
    private static double Realised(ref Rng rng, RewardMetrics expected, Scenario scenario, int adSet)
    {
        var parameters = scenario.AdSets[adSet];
        var orders = rng.Poisson(expected.Conversions);
        var revenue = 0.0;
        for (var o = 0; o < orders; o++)
        {
            revenue += rng.LogNormalWithMean(parameters.AverageOrderValue, parameters.OrderValueSigma);
        }

        var spend = rng.LogNormalWithMean(expected.AdSpend, scenario.Market.PacingNoise);
        return (revenue * scenario.Store.GrossMargin) - spend;
    }
}
