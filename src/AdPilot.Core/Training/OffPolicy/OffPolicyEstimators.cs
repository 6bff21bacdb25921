using System.Globalization;

namespace AdPilot.Core.Training.OffPolicy;

/// <summary>
/// The off-policy estimators: inverse propensity scoring, self-normalised IPS and doubly robust, each with a normal 95%
/// interval, and the paired comparison of two policies on the same decisions.
/// </summary>
/// <remarks>
/// With weights wᵢ = πᵢ ÷ μᵢ (target probability over logging propensity of the logged action, optionally clipped at
/// <c>maxWeight</c>), rewards rᵢ, the reward model's prediction q̂ᵢ for the logged action and its expectation ĝᵢ under the
/// target, each estimator is the mean of per-decision terms tᵢ and its standard error is the sample standard deviation
/// of the terms (n − 1 in the denominator) over √n:
/// <list type="bullet">
/// <item>IPS: tᵢ = wᵢ rᵢ.</item>
/// <item>DR: tᵢ = ĝᵢ + wᵢ (rᵢ − q̂ᵢ).</item>
/// <item>SNIPS: V = Σ wᵢ rᵢ ÷ Σ wᵢ, and by the delta method tᵢ = V + wᵢ (rᵢ − V) ÷ w̄ (w̄ the mean weight), whose mean is V
/// and whose spread is the linearised ratio's.</item>
/// </list>
/// The interval is the estimate ± 1.96 standard errors. Clipping lowers variance at the price of a bias towards the
/// logged policy; the estimates say how many weights it clipped.
/// </remarks>
public static class OffPolicyEstimators
{
    /// <summary>The standard normal quantile of a two-sided 95% interval.</summary>
    public const double Z95 = 1.959_963_984_540_054;

    /// <summary>Why an estimate without support has no value.</summary>
    public const string NoSupportReason = "no logged decision has an action the target policy would take (every weight is 0)";

    /// <summary>The estimator's short name: <c>ips</c>, <c>snips</c> or <c>dr</c>.</summary>
    /// <param name="method">The estimator.</param>
    /// <returns>The name.</returns>
    public static string NameOf(OffPolicyMethod method) => method switch
    {
        OffPolicyMethod.Ips => "ips",
        OffPolicyMethod.Snips => "snips",
        OffPolicyMethod.DoublyRobust => "dr",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "unknown off-policy estimator"),
    };

    /// <summary>Inverse propensity scoring.</summary>
    /// <param name="decisions">The logged decisions.</param>
    /// <param name="maxWeight">Clip every weight at this value; null for no clip.</param>
    /// <returns>The estimate.</returns>
    /// <exception cref="ArgumentException">A decision or the clip is invalid (the message names the decision and the field).</exception>
    public static OffPolicyEstimate Ips(ReadOnlySpan<OffPolicyDecision> decisions, double? maxWeight = null) =>
        Estimate(OffPolicyMethod.Ips, decisions, maxWeight);

    /// <summary>Self-normalised inverse propensity scoring, its interval by the delta method.</summary>
    /// <param name="decisions">The logged decisions.</param>
    /// <param name="maxWeight">Clip every weight at this value; null for no clip.</param>
    /// <returns>The estimate.</returns>
    /// <exception cref="ArgumentException">A decision or the clip is invalid.</exception>
    public static OffPolicyEstimate SelfNormalized(ReadOnlySpan<OffPolicyDecision> decisions, double? maxWeight = null) =>
        Estimate(OffPolicyMethod.Snips, decisions, maxWeight);

    /// <summary>Doubly robust, from the predictions each decision carries.</summary>
    /// <param name="decisions">The logged decisions with their reward-model predictions.</param>
    /// <param name="maxWeight">Clip every weight at this value; null for no clip.</param>
    /// <returns>The estimate.</returns>
    /// <exception cref="ArgumentException">A decision or the clip is invalid.</exception>
    public static OffPolicyEstimate DoublyRobust(ReadOnlySpan<OffPolicyDecision> decisions, double? maxWeight = null) =>
        Estimate(OffPolicyMethod.DoublyRobust, decisions, maxWeight);

    /// <summary>One estimator's estimate.</summary>
    /// <param name="method">The estimator.</param>
    /// <param name="decisions">The logged decisions.</param>
    /// <param name="maxWeight">Clip every weight at this value; null for no clip.</param>
    /// <returns>The estimate.</returns>
    /// <exception cref="ArgumentException">A decision or the clip is invalid.</exception>
    public static OffPolicyEstimate Estimate(OffPolicyMethod method, ReadOnlySpan<OffPolicyDecision> decisions, double? maxWeight = null)
    {
        Validate(decisions, maxWeight);
        var n = decisions.Length;
        if (n == 0)
        {
            return new OffPolicyEstimate(method, 0, null, null, null, null, 0, 0, 0, "no decisions to estimate from");
        }

        var (ess, max, clipped) = WeightFigures(decisions, maxWeight);
        if (!TryTerms(method, decisions, maxWeight, out var terms, out var reason))
        {
            return new OffPolicyEstimate(method, n, null, null, null, null, ess, max, clipped, reason);
        }

        var (mean, standardError) = MeanAndError(terms);
        if (standardError is not { } se)
        {
            return new OffPolicyEstimate(method, n, mean, null, null, null, ess, max, clipped, reason ?? "one decision: no interval");
        }

        return new OffPolicyEstimate(method, n, mean, se, mean - (Z95 * se), mean + (Z95 * se), ess, max, clipped, reason);
    }

    /// <summary>
    /// The per-decision terms whose mean is the estimate (see the remarks on <see cref="OffPolicyEstimators"/>); what a
    /// paired comparison differences.
    /// </summary>
    /// <param name="method">The estimator.</param>
    /// <param name="decisions">The logged decisions.</param>
    /// <param name="maxWeight">Clip every weight at this value; null for no clip.</param>
    /// <param name="terms">The terms; empty when there are none.</param>
    /// <param name="reason">Why there are no terms (no decisions, no support), or a caveat on them; null otherwise.</param>
    /// <returns>Whether the terms exist.</returns>
    /// <exception cref="ArgumentException">A decision or the clip is invalid.</exception>
    public static bool TryTerms(OffPolicyMethod method, ReadOnlySpan<OffPolicyDecision> decisions, double? maxWeight, out double[] terms, out string? reason)
    {
        Validate(decisions, maxWeight);
        terms = [];
        reason = null;
        var n = decisions.Length;
        if (n == 0)
        {
            reason = "no decisions to estimate from";
            return false;
        }

        var sumWeights = 0.0;
        var sumWeightedRewards = 0.0;
        for (var i = 0; i < n; i++)
        {
            var w = Clip(decisions[i].Weight, maxWeight);
            sumWeights += w;
            sumWeightedRewards += w * decisions[i].Reward;
        }

        if (sumWeights <= 0)
        {
            if (method != OffPolicyMethod.DoublyRobust)
            {
                reason = NoSupportReason;
                return false;
            }

            reason = "every weight is 0: the estimate rests on the reward model alone";
        }

        terms = new double[n];
        switch (method)
        {
            case OffPolicyMethod.Ips:
                for (var i = 0; i < n; i++)
                {
                    terms[i] = Clip(decisions[i].Weight, maxWeight) * decisions[i].Reward;
                }

                break;
            case OffPolicyMethod.Snips:
                var value = sumWeightedRewards / sumWeights;
                var meanWeight = sumWeights / n;
                for (var i = 0; i < n; i++)
                {
                    terms[i] = value + (Clip(decisions[i].Weight, maxWeight) * (decisions[i].Reward - value) / meanWeight);
                }

                break;
            case OffPolicyMethod.DoublyRobust:
                for (var i = 0; i < n; i++)
                {
                    var d = decisions[i];
                    terms[i] = d.TargetPredictedReward + (Clip(d.Weight, maxWeight) * (d.Reward - d.PredictedReward));
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(method), method, "unknown off-policy estimator");
        }

        return true;
    }

    /// <summary>
    /// Two policies compared on the same decisions with one estimator: the mean of the per-decision differences of their
    /// terms (<see cref="TryTerms"/>) and its interval.
    /// </summary>
    /// <param name="method">The estimator.</param>
    /// <param name="first">The decisions as the first policy sees them.</param>
    /// <param name="second">The same decisions, in the same order, as the second policy sees them.</param>
    /// <param name="maxWeight">Clip every weight at this value; null for no clip.</param>
    /// <returns>First minus second.</returns>
    /// <exception cref="ArgumentException">The spans differ in length, or a decision or the clip is invalid.</exception>
    public static PairedDifference Compare(OffPolicyMethod method, ReadOnlySpan<OffPolicyDecision> first, ReadOnlySpan<OffPolicyDecision> second, double? maxWeight = null)
    {
        if (first.Length != second.Length)
        {
            throw new ArgumentException($"the two policies must be compared on the same decisions, got {first.Length} and {second.Length}", nameof(second));
        }

        if (!TryTerms(method, first, maxWeight, out var a, out var reasonA))
        {
            return new PairedDifference(first.Length, null, null, null, null, "the first policy: " + reasonA);
        }

        if (!TryTerms(method, second, maxWeight, out var b, out var reasonB))
        {
            return new PairedDifference(first.Length, null, null, null, null, "the second policy: " + reasonB);
        }

        return Difference(a, b);
    }

    /// <summary>The mean of per-decision differences of two term series (first minus second) and its normal 95% interval.</summary>
    /// <param name="first">The first series' terms.</param>
    /// <param name="second">The second series' terms, for the same decisions in the same order (e.g. the logged rewards, for the logging policy).</param>
    /// <returns>The difference.</returns>
    /// <exception cref="ArgumentException">The series differ in length or hold a value that is not finite.</exception>
    public static PairedDifference Difference(ReadOnlySpan<double> first, ReadOnlySpan<double> second)
    {
        if (first.Length != second.Length)
        {
            throw new ArgumentException($"the two series must cover the same decisions, got {first.Length} and {second.Length}", nameof(second));
        }

        var n = first.Length;
        if (n == 0)
        {
            return new PairedDifference(0, null, null, null, null, "no decisions to compare on");
        }

        var differences = new double[n];
        for (var i = 0; i < n; i++)
        {
            if (!double.IsFinite(first[i]) || !double.IsFinite(second[i]))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"decision {i}: the terms must be finite, got {first[i]} and {second[i]}"), nameof(first));
            }

            differences[i] = first[i] - second[i];
        }

        var (mean, standardError) = MeanAndError(differences);
        return standardError is { } se
            ? new PairedDifference(n, mean, se, mean - (Z95 * se), mean + (Z95 * se), null)
            : new PairedDifference(n, mean, null, null, null, "one decision: no interval");
    }

    /// <summary>The mean of some values and the standard error of that mean (null for fewer than two values).</summary>
    /// <param name="values">The values.</param>
    /// <returns>The mean and its standard error.</returns>
    public static (double Mean, double? StandardError) MeanAndError(ReadOnlySpan<double> values)
    {
        var n = values.Length;
        if (n == 0)
        {
            return (double.NaN, null);
        }

        var mean = 0.0;
        for (var i = 0; i < n; i++)
        {
            mean += values[i];
        }

        mean /= n;
        if (n < 2)
        {
            return (mean, null);
        }

        var squares = 0.0;
        for (var i = 0; i < n; i++)
        {
            var d = values[i] - mean;
            squares += d * d;
        }

        return (mean, Math.Sqrt(squares / (n - 1) / n));
    }

    /// <summary>The effective sample size, the largest weight and how many weights the clip lowered.</summary>
    private static (double Ess, double Max, int Clipped) WeightFigures(ReadOnlySpan<OffPolicyDecision> decisions, double? maxWeight)
    {
        var sum = 0.0;
        var squares = 0.0;
        var max = 0.0;
        var clipped = 0;
        foreach (var d in decisions)
        {
            var raw = d.Weight;
            var w = Clip(raw, maxWeight);
            clipped += w < raw ? 1 : 0;
            sum += w;
            squares += w * w;
            max = Math.Max(max, w);
        }

        return (squares > 0 ? sum * sum / squares : 0, max, clipped);
    }

    private static double Clip(double weight, double? maxWeight) => maxWeight is { } m ? Math.Min(weight, m) : weight;

    private static void Validate(ReadOnlySpan<OffPolicyDecision> decisions, double? maxWeight)
    {
        if (maxWeight is { } m && !(m > 0 && double.IsFinite(m)))
        {
            throw new ArgumentOutOfRangeException(nameof(maxWeight), maxWeight, "the weight clip must be a positive number");
        }

        for (var i = 0; i < decisions.Length; i++)
        {
            var d = decisions[i];
            string? problem = null;
            if (!double.IsFinite(d.Reward))
            {
                problem = string.Create(CultureInfo.InvariantCulture, $"the reward must be finite, was {d.Reward}");
            }
            else if (!(d.LoggingPropensity > 0 && d.LoggingPropensity <= 1))
            {
                problem = string.Create(CultureInfo.InvariantCulture, $"the logging propensity must be in (0, 1], was {d.LoggingPropensity}");
            }
            else if (!(d.TargetProbability >= 0 && d.TargetProbability <= 1))
            {
                problem = string.Create(CultureInfo.InvariantCulture, $"the target probability must be in [0, 1], was {d.TargetProbability}");
            }
            else if (!double.IsFinite(d.PredictedReward) || !double.IsFinite(d.TargetPredictedReward))
            {
                problem = "the reward model's predictions must be finite";
            }

            if (problem is not null)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"decision {i}: {problem}"), nameof(decisions));
            }
        }
    }
}
