using AdPilot.Core.Training.OffPolicy;

namespace AdPilot.Core.Tests.Training.OffPolicy;

public sealed class OffPolicyValidationTests
{
    [Fact]
    public void Run_200Seeds_EveryIntervalCoversTheTruthAtCloseToItsNominalRate()
    {
        var report = OffPolicyValidation.Run(new OffPolicyValidationOptions { Seeds = 200 }, cancellationToken: TestContext.Current.CancellationToken);

        // 200 worlds at a true rate of 0.95: the count of covering intervals has standard deviation √(200 × 0.95 × 0.05) ≈ 3.1,
        // so [178, 198] (0.89 to 0.99) is about ±3 standard deviations.
        Assert.Equal(200, report.Seeds);
        Assert.Equal(8 * 14, report.DecisionsPerSeed);
        Assert.Equal(["ips", "snips", "dr"], report.Estimators.Select(e => e.Name));
        Assert.All(report.Estimators, e =>
        {
            Assert.InRange(e.Coverage, 0.89, 0.99);
            Assert.Equal(200, e.Worlds);

            // Unbiased up to noise: the mean error is within 3 standard errors of 0 (RMSE / √200 bounds the standard error).
            Assert.InRange(Math.Abs(e.Bias), 0, 3 * e.Rmse / Math.Sqrt(200));
        });
    }

    [Fact]
    public void RunSeed_SameSeed_SameWorldAndEstimates_AndDoublyRobustBeatsIpsOnAverage()
    {
        var options = new OffPolicyValidationOptions { Seeds = 40 };
        var first = OffPolicyValidation.RunSeed(7, options);
        var again = OffPolicyValidation.RunSeed(7, options);
        var report = OffPolicyValidation.Run(options, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(first.Truth, again.Truth);
        Assert.Equal(first.Estimates.Select(e => e.Value), again.Estimates.Select(e => e.Value));
        Assert.True(first.Truth != 0);

        // A reward model that explains part of the reward lowers the variance of the correction: DR errs less than IPS.
        Assert.True(report.Estimators[2].Rmse < report.Estimators[0].Rmse, $"dr {report.Estimators[2].Rmse} vs ips {report.Estimators[0].Rmse}");
    }

    [Fact]
    public void Run_InvalidOptions_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => OffPolicyValidation.Run(new OffPolicyValidationOptions { Seeds = 0 }, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Throws<ArgumentOutOfRangeException>(() => OffPolicyValidation.Run(new OffPolicyValidationOptions { LoggingEpsilon = 0 }, cancellationToken: TestContext.Current.CancellationToken));
    }
}
