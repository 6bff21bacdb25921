using AdPilot.Core.Training.OffPolicy;

namespace AdPilot.Core.Tests.Training.OffPolicy;

public sealed class OffPolicyEstimatorsTests
{
    private const double Tolerance = 1e-9;

    // Four logged decisions: rewards 10, 0, 4, 6; logging propensities 0.5, 0.25, 0.5, 1; target probabilities 1, 0.5, 0, 0.5;
    // reward model q̂ of the logged action 8, 1, 5, 5 and its expectation under the target ĝ 9, 2, 3, 5.
    // Weights w = π / μ = 2, 2, 0, 0.5.
    private static readonly OffPolicyDecision[] Four =
    [
        new(10, 0.5, 1, 8, 9),
        new(0, 0.25, 0.5, 1, 2),
        new(4, 0.5, 0, 5, 3),
        new(6, 1, 0.5, 5, 5),
    ];

    [Fact]
    public void Ips_FourDecisions_MatchesTheHandComputation()
    {
        var estimate = OffPolicyEstimators.Ips(Four);

        // Terms w·r = 20, 0, 0, 3: mean 23 / 4 = 5.75. Deviations 14.25, −5.75, −5.75, −2.75; squares 203.0625 + 33.0625 +
        // 33.0625 + 7.5625 = 276.75; sample variance 276.75 / 3 = 92.25; standard error √(92.25 / 4) = √23.0625.
        var se = Math.Sqrt(23.0625);
        Assert.Equal("ips", estimate.Name);
        Assert.Equal(4, estimate.Decisions);
        Assert.Equal(5.75, estimate.Value!.Value, Tolerance);
        Assert.Equal(se, estimate.StandardError!.Value, Tolerance);
        Assert.Equal(5.75 - (1.959963984540054 * se), estimate.Lower!.Value, Tolerance);
        Assert.Equal(5.75 + (1.959963984540054 * se), estimate.Upper!.Value, Tolerance);

        // ESS = (Σw)² / Σw² = 4.5² / (4 + 4 + 0 + 0.25) = 20.25 / 8.25; the largest weight is 2.
        Assert.Equal(20.25 / 8.25, estimate.EffectiveSampleSize, Tolerance);
        Assert.Equal(2, estimate.MaxWeight, Tolerance);
        Assert.Equal(0, estimate.ClippedWeights);
        Assert.Null(estimate.Reason);
    }

    [Fact]
    public void SelfNormalized_FourDecisions_MatchesTheDeltaMethodByHand()
    {
        var estimate = OffPolicyEstimators.SelfNormalized(Four);

        // V = Σ w·r / Σ w = 23 / 4.5. Mean weight w̄ = 1.125. Influence terms ψ = w (r − V) / w̄:
        // 2 (10 − V) / 1.125, 2 (0 − V) / 1.125, 0, 0.5 (6 − V) / 1.125; they sum to 0, and SE² = Σ ψ² / (n (n − 1)) = Σ ψ² / 12.
        var v = 23 / 4.5;
        double[] psi = [2 * (10 - v) / 1.125, 2 * (0 - v) / 1.125, 0, 0.5 * (6 - v) / 1.125];
        var se = Math.Sqrt(psi.Sum(p => p * p) / 12);
        Assert.Equal(v, estimate.Value!.Value, Tolerance);
        Assert.Equal(se, estimate.StandardError!.Value, Tolerance);
        Assert.Equal(3.6316, se, 1e-3);
        Assert.Equal(v - (1.959963984540054 * se), estimate.Lower!.Value, Tolerance);
    }

    [Fact]
    public void DoublyRobust_FourDecisions_MatchesTheHandComputation()
    {
        var estimate = OffPolicyEstimators.DoublyRobust(Four);

        // Terms ĝ + w (r − q̂) = 9 + 2·2, 2 + 2·(−1), 3 + 0·(−1), 5 + 0.5·1 = 13, 0, 3, 5.5: mean 21.5 / 4 = 5.375.
        // Deviations 7.625, −5.375, −2.375, 0.125; squares 58.140625 + 28.890625 + 5.640625 + 0.015625 = 92.6875;
        // variance 92.6875 / 3; standard error √(92.6875 / 12).
        Assert.Equal(5.375, estimate.Value!.Value, Tolerance);
        Assert.Equal(Math.Sqrt(92.6875 / 12), estimate.StandardError!.Value, Tolerance);
    }

    [Fact]
    public void Ips_WithAClip_ClipsTheWeightsAndSaysHowMany()
    {
        var estimate = OffPolicyEstimators.Ips(Four, maxWeight: 1.5);

        // Weights 1.5, 1.5, 0, 0.5: terms 15, 0, 0, 3, mean 4.5; two weights clipped; ESS 3.5² / (2.25 + 2.25 + 0.25).
        Assert.Equal(4.5, estimate.Value!.Value, Tolerance);
        Assert.Equal(2, estimate.ClippedWeights);
        Assert.Equal(1.5, estimate.MaxWeight, Tolerance);
        Assert.Equal(12.25 / 4.75, estimate.EffectiveSampleSize, Tolerance);
    }

    [Fact]
    public void Estimators_TargetEqualsLogging_GiveTheLoggedMean()
    {
        // Every weight 1: IPS and SNIPS are the mean reward (5), and DR is too whatever the model says, since ĝ = q̂.
        OffPolicyDecision[] same = [new(2, 0.2, 0.2, 7, 7), new(8, 1, 1, -3, -3), new(5, 0.5, 0.5, 0, 0)];

        Assert.Equal(5, OffPolicyEstimators.Ips(same).Value!.Value, Tolerance);
        Assert.Equal(5, OffPolicyEstimators.SelfNormalized(same).Value!.Value, Tolerance);
        Assert.Equal(5, OffPolicyEstimators.DoublyRobust(same).Value!.Value, Tolerance);
        Assert.Equal(3, OffPolicyEstimators.Ips(same).EffectiveSampleSize, Tolerance);
    }

    [Fact]
    public void Estimators_EveryWeightZero_GiveNoValueAndSayWhy_ButDrFallsBackOnTheModel()
    {
        OffPolicyDecision[] unsupported = [new(3, 0.5, 0, 2, 4), new(5, 1, 0, 6, 6)];

        var ips = OffPolicyEstimators.Ips(unsupported);
        var snips = OffPolicyEstimators.SelfNormalized(unsupported);
        var dr = OffPolicyEstimators.DoublyRobust(unsupported);

        Assert.Null(ips.Value);
        Assert.Null(ips.Lower);
        Assert.Equal(OffPolicyEstimators.NoSupportReason, ips.Reason);
        Assert.Null(snips.Value);
        Assert.Equal(0, ips.EffectiveSampleSize);
        Assert.Equal(0, ips.MaxWeight);

        // DR's terms are ĝ alone: 4 and 6, mean 5; the interval stands, with the caveat.
        Assert.Equal(5, dr.Value!.Value, Tolerance);
        Assert.Contains("reward model alone", dr.Reason, StringComparison.Ordinal);
        Assert.All(new[] { ips, snips, dr }, e => Assert.False(double.IsNaN(e.EffectiveSampleSize)));
    }

    [Fact]
    public void Estimators_PropensityOneAndZeroTargetProbability_AreValid()
    {
        OffPolicyDecision[] decisions = [new(4, 1, 1), new(9, 1, 0)];

        var ips = OffPolicyEstimators.Ips(decisions);

        // Terms 4 and 0: mean 2; deviations ±2, variance 8, standard error √(8 / 2) = 2.
        Assert.Equal(2, ips.Value!.Value, Tolerance);
        Assert.Equal(2, ips.StandardError!.Value, Tolerance);
        Assert.Equal(1, ips.MaxWeight, Tolerance);
    }

    [Fact]
    public void Estimators_NoDecisionsOrOne_SayWhyTheValueOrIntervalIsMissing()
    {
        var none = OffPolicyEstimators.Ips([]);
        var one = OffPolicyEstimators.Ips([new(6, 0.5, 0.25)]);

        Assert.Null(none.Value);
        Assert.Equal("no decisions to estimate from", none.Reason);
        Assert.Equal(3, one.Value!.Value, Tolerance);
        Assert.Null(one.StandardError);
        Assert.Null(one.Lower);
        Assert.Equal("one decision: no interval", one.Reason);
    }

    [Theory]
    [InlineData(double.NaN, 0.5, 0.5, "decision 1: the reward must be finite")]
    [InlineData(1, 0, 0.5, "decision 1: the logging propensity must be in (0, 1], was 0")]
    [InlineData(1, 1.5, 0.5, "decision 1: the logging propensity must be in (0, 1]")]
    [InlineData(1, 0.5, -0.1, "decision 1: the target probability must be in [0, 1]")]
    public void Estimate_InvalidDecision_ThrowsNamingTheDecisionAndTheField(double reward, double propensity, double target, string message)
    {
        OffPolicyDecision[] decisions = [new(1, 1, 1), new(reward, propensity, target)];

        var ex = Assert.Throws<ArgumentException>(() => OffPolicyEstimators.Ips(decisions));

        Assert.StartsWith(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Estimate_NonPositiveClip_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => OffPolicyEstimators.Ips(Four, maxWeight: 0));
    }

    [Fact]
    public void Compare_TwoTargetsOnTheSameDecisions_DifferencesTheTermsPerDecision()
    {
        // Second target: probabilities 0.5, 0.5, 0.5, 1 → weights 1, 2, 1, 1; IPS terms 10, 0, 4, 6.
        OffPolicyDecision[] second = [.. Four.Zip([0.5, 0.5, 0.5, 1.0], (d, p) => d with { TargetProbability = p })];

        var paired = OffPolicyEstimators.Compare(OffPolicyMethod.Ips, Four, second);

        // Differences 20 − 10, 0 − 0, 0 − 4, 3 − 6 = 10, 0, −4, −3: mean 0.75; deviations 9.25, −0.75, −4.75, −3.75;
        // squares 85.5625 + 0.5625 + 22.5625 + 14.0625 = 122.75; standard error √(122.75 / 3 / 4).
        var se = Math.Sqrt(122.75 / 12);
        Assert.Equal(4, paired.Decisions);
        Assert.Equal(0.75, paired.Difference!.Value, Tolerance);
        Assert.Equal(se, paired.StandardError!.Value, Tolerance);
        Assert.Equal(0.75 - (1.959963984540054 * se), paired.Lower!.Value, Tolerance);
        Assert.Equal(0.75 + (1.959963984540054 * se), paired.Upper!.Value, Tolerance);
    }

    [Fact]
    public void Compare_Mismatched_ThrowsAndUnsupportedSaysWhich()
    {
        Assert.Throws<ArgumentException>(() => OffPolicyEstimators.Compare(OffPolicyMethod.Ips, Four, Four.AsSpan(0, 3)));
        OffPolicyDecision[] unsupported = [.. Four.Select(d => d with { TargetProbability = 0 })];

        var paired = OffPolicyEstimators.Compare(OffPolicyMethod.Snips, Four, unsupported);

        Assert.Null(paired.Difference);
        Assert.Equal("the second policy: " + OffPolicyEstimators.NoSupportReason, paired.Reason);
    }

    [Fact]
    public void Difference_AgainstTheLoggedRewards_IsTheCandidatesGainOverTheLoggingPolicy()
    {
        Assert.True(OffPolicyEstimators.TryTerms(OffPolicyMethod.DoublyRobust, Four, null, out var dr, out _));

        var paired = OffPolicyEstimators.Difference(dr, [.. Four.Select(d => d.Reward)]);

        // DR terms 13, 0, 3, 5.5 minus rewards 10, 0, 4, 6: 3, 0, −1, −0.5, mean 0.375.
        Assert.Equal(0.375, paired.Difference!.Value, Tolerance);
    }
}
