using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;
using AdPilot.Core.Training.Backtest;

namespace AdPilot.Core.Tests.Training.Backtest;

public sealed class SpendResponseCurveTests
{
    /// <summary>The value of one order in the noisy histories: revenue comes in lumps of it.</summary>
    private const double OrderValue = 25;

    private static readonly DateTimeOffset Start = new(2025, 3, 3, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A known hour-of-day profile (mean 1): evenings sell more than nights.</summary>
    private static double TrueProfile(int hour) => 1 + (0.5 * Math.Sin(2 * Math.PI * (hour - 9) / 24.0));

    [Fact]
    public void Fit_NoiselessDataFromKnownCurve_RecoversItClosely()
    {
        var truth = new[] { Truth("a", beta: 4, k: 30, typical: 20), Truth("b", beta: 2.5, k: 80, typical: 40) };
        var history = Generate(truth, days: 28, seed: 1, noise: false);

        // Without noise nothing needs shrinking: the profile's pull toward flat would only bias it.
        var model = SpendResponseCurve.Fit(history, new SpendResponseOptions { HourProfilePseudoHours = 0, HourProfileSmoothingRadius = 0 });

        foreach (var (adSet, beta, k, _) in truth)
        {
            var fitted = model.For(adSet);
            Assert.Equal(beta, fitted.InitialRoas, beta * 0.02);
            Assert.Equal(k, fitted.HalfSaturationSpend, k * 0.05);
        }

        for (var h = 0; h < 24; h++)
        {
            Assert.Equal(TrueProfile(h), model.HourFactor(h), 0.02);
        }

        Assert.True(model.Diagnostics.RSquared > 0.999, $"R² {model.Diagnostics.RSquared}");
    }

    [Theory]
    [InlineData(7UL)]
    [InlineData(8UL)]
    [InlineData(9UL)]
    public void Fit_PoissonOrdersFromKnownCurve_RecoversExpectedRevenueWithinTolerance(ulong seed)
    {
        var truth = new[]
        {
            Truth("a", beta: 4, k: 30, typical: 20),
            Truth("b", beta: 2.5, k: 80, typical: 40),
            Truth("c", beta: 6, k: 10, typical: 12),
        };
        var history = Generate(truth, days: 90, seed: seed, noise: true);

        var model = SpendResponseCurve.Fit(history);

        foreach (var (adSet, beta, k, typical) in truth)
        {
            var fitted = model.For(adSet);
            Assert.True(fitted.DataWeight > 0.8, $"{adSet}: data weight {fitted.DataWeight}");
            foreach (var multiple in new[] { 0.5, 1.0, 2.0 })
            {
                var spend = typical * multiple;
                var dayExpected = 0.0;
                var dayEstimated = 0.0;
                for (var hour = 0; hour < 24; hour++)
                {
                    var expected = TrueProfile(hour) * beta * spend / (1 + (spend / k));
                    var estimated = model.ExpectedRevenue(adSet, spend, hour);
                    dayExpected += expected;
                    dayEstimated += estimated;

                    // One hour of the day at half the typical spend rests on few orders (a trough hour sees half of them):
                    // its own error is the largest. Without the hour-of-day profile it would be off by up to 50%.
                    Assert.True(
                        Math.Abs(estimated - expected) <= 0.2 * expected,
                        $"{adSet} spend {spend} hour {hour}: estimated {estimated:F2}, true {expected:F2}");
                }

                Assert.True(
                    Math.Abs(dayEstimated - dayExpected) <= 0.07 * dayExpected,
                    $"{adSet} spend {spend} a day: estimated {dayEstimated:F2}, true {dayExpected:F2}");
            }
        }

        Assert.Equal(model.Diagnostics.ActualRevenue, model.Diagnostics.FittedRevenue, model.Diagnostics.ActualRevenue * 0.03);
    }

    [Fact]
    public void Fit_AdSetWithAFewHours_ShrunkTowardTheAccount()
    {
        var truth = new[] { Truth("a", beta: 3, k: 40, typical: 30), Truth("b", beta: 3, k: 40, typical: 30) };
        var history = Generate(truth, days: 30, seed: 3, noise: true).ToList();
        var lucky = new AdSetRef(Platform.TikTok, "lucky");
        for (var h = 0; h < 4; h++)
        {
            // Four hours at ROAS 12: a few orders landing by chance, far from the account's ~2.
            history.Add(new SpendRevenueHour(lucky, Start.AddHours(h), 12 + h, 25, 300));
        }

        var model = SpendResponseCurve.Fit(history);

        var own = model.For(lucky);
        var account = model.Account;
        Assert.True(own.DataWeight < 0.5, $"data weight {own.DataWeight}");
        Assert.True(own.InitialRoas < account.InitialRoas * 2.5, $"β {own.InitialRoas} vs account {account.InitialRoas}");
        Assert.True(own.InitialRoas > account.InitialRoas, "its own hours still move it up");
        Assert.Equal(account.SaturationMultiple, own.SaturationMultiple, account.SaturationMultiple * 0.5);
    }

    [Fact]
    public void Fit_SpendThatNeverVaried_KeepsTheAccountsSaturation()
    {
        var truth = new[] { Truth("a", beta: 3, k: 40, typical: 30), Truth("b", beta: 3, k: 40, typical: 30) };
        var history = Generate(truth, days: 30, seed: 5, noise: true).ToList();
        var flat = new AdSetRef(Platform.Instagram, "flat");
        var rng = new Rng(11);
        for (var h = 0; h < 24 * 30; h++)
        {
            var hour = h % 24;
            history.Add(new SpendRevenueHour(flat, Start.AddHours(h), hour, 30, 50 * rng.Poisson(TrueProfile(hour) * 3 * 30 / 1.75 / 50)));
        }

        var model = SpendResponseCurve.Fit(history);

        Assert.Equal(model.Account.SaturationMultiple, model.For(flat).SaturationMultiple, model.Account.SaturationMultiple * 0.35);
    }

    [Fact]
    public void Fit_RevenueInHoursWithoutSpend_LeavesTheCurvesAsTheyAre()
    {
        var truth = new[] { Truth("a", beta: 3, k: 40, typical: 30), Truth("b", beta: 2, k: 60, typical: 40) };
        var history = Generate(truth, days: 20, seed: 6, noise: true);
        var withLateOrders = history.Concat(Enumerable.Range(0, 40).Select(i =>
            new SpendRevenueHour(truth[i % 2].AdSet, Start.AddDays(30).AddHours(i), i % 24, 0, 75))).ToList();

        var clean = SpendResponseCurve.Fit(history);
        var late = SpendResponseCurve.Fit(withLateOrders);

        foreach (var (adSet, _, _, typical) in truth)
        {
            Assert.Equal(clean.ExpectedRevenue(adSet, typical, 14), late.ExpectedRevenue(adSet, typical, 14), 1e-6);
        }

        Assert.Equal(0, late.ExpectedRevenue(truth[0].AdSet, 0, 14));
    }

    [Fact]
    public void ExpectedRevenue_UnknownAdSet_IsTheAccountsCurve()
    {
        var model = SpendResponseCurve.Fit(Generate([Truth("a", 3, 40, 30)], days: 10, seed: 2, noise: false));
        var unknown = new AdSetRef(Platform.TikTok, "never-seen");

        Assert.False(model.Knows(unknown));
        Assert.Equal(model.ExpectedRevenue(25, 14), model.ExpectedRevenue(unknown, 25, 14));
        Assert.Equal(0, model.ExpectedRevenue(unknown, 0, 14));
    }

    [Fact]
    public void ExpectedRevenue_RisingSpend_RisesWithFallingMarginalReturn()
    {
        var truth = Truth("a", 3, 40, 30);
        var model = SpendResponseCurve.Fit(Generate([truth], days: 20, seed: 4, noise: true));

        var previous = 0.0;
        var previousMarginal = double.PositiveInfinity;
        for (var spend = 5.0; spend <= 200; spend += 5)
        {
            var revenue = model.ExpectedRevenue(truth.AdSet, spend, 12);
            var marginal = model.MarginalRoas(truth.AdSet, spend, 12);
            Assert.True(revenue > previous);
            Assert.True(marginal < previousMarginal);
            previous = revenue;
            previousMarginal = marginal;
        }
    }

    [Fact]
    public void Fit_NoHourWithSpend_ThrowsSayingWhy()
    {
        var a = new AdSetRef(Platform.Instagram, "a");
        var error = Assert.Throws<ArgumentException>(() => SpendResponseCurve.Fit([new SpendRevenueHour(a, Start, 3, 0, 10)]));
        Assert.Contains("no hour of the history has any spend", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(24, 1.0, 1.0, "hour of day 24")]
    [InlineData(3, -1.0, 1.0, "spend -1")]
    [InlineData(3, 1.0, double.NaN, "revenue NaN")]
    public void Fit_BadRow_ThrowsNamingTheRow(int hour, double spend, double revenue, string expected)
    {
        var a = new AdSetRef(Platform.Instagram, "a");
        SpendRevenueHour[] history = [new(a, Start, 2, 5, 10), new(a, Start.AddHours(1), hour, spend, revenue)];

        var error = Assert.Throws<ArgumentException>(() => SpendResponseCurve.Fit(history));

        Assert.Contains("row 1", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_InvalidOptions_ThrowsNamingTheSetting()
    {
        var history = Generate([Truth("a", 3, 40, 30)], days: 2, seed: 2, noise: false);
        var error = Assert.Throws<ArgumentException>(() => SpendResponseCurve.Fit(history, new SpendResponseOptions { GridPoints = 2 }));
        Assert.Contains(nameof(SpendResponseOptions.GridPoints), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HourProfile_AveragesOne()
    {
        var model = SpendResponseCurve.Fit(Generate([Truth("a", 3, 40, 30)], days: 14, seed: 8, noise: true));
        Assert.Equal(24, model.HourProfile.Count);
        Assert.Equal(1, model.HourProfile.Average(), 9);
    }

    private static (AdSetRef AdSet, double Beta, double K, double Typical) Truth(string id, double beta, double k, double typical) =>
        (new AdSetRef(Platform.Instagram, id), beta, k, typical);

    /// <summary>
    /// Hours drawn from the true curves: each day a budget level (log-normal around the ad set's typical spend, so spend
    /// spans about a fifth to three times it), each hour's spend around it; revenue is the curve's mean, or Poisson orders
    /// of <see cref="OrderValue"/> each around it.
    /// </summary>
    private static List<SpendRevenueHour> Generate(
        IEnumerable<(AdSetRef AdSet, double Beta, double K, double Typical)> truth, int days, ulong seed, bool noise)
    {
        var rows = new List<SpendRevenueHour>();
        var rng = new Rng(seed);
        foreach (var (adSet, beta, k, typical) in truth)
        {
            for (var d = 0; d < days; d++)
            {
                var level = typical * Math.Exp(0.6 * rng.NextNormal());
                for (var hour = 0; hour < 24; hour++)
                {
                    var spend = Math.Round(level * rng.Uniform(0.6, 1.4), 2);
                    var mean = TrueProfile(hour) * beta * spend / (1 + (spend / k));
                    var revenue = noise ? OrderValue * rng.Poisson(mean / OrderValue) : mean;
                    rows.Add(new SpendRevenueHour(adSet, Start.AddDays(d).AddHours(hour), hour, spend, revenue));
                }
            }
        }

        return rows;
    }
}
