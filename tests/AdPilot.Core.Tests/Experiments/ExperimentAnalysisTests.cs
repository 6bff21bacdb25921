using AdPilot.Core.Experiments;

namespace AdPilot.Core.Tests.Experiments;

public sealed class ExperimentAnalysisTests
{
    private static readonly DateTimeOffset Start = new(2026, 5, 4, 0, 0, 0, TimeSpan.Zero);
    private static readonly ExperimentTestOptions Options = new() { WarmUpHours = 0 };

    /// <summary>Hours of a test: each arm earns its profit per unit of budget a day, spread over the day, with noise.</summary>
    private static List<ArmHour> Hours(int days, double originalPerBudget, double copyPerBudget, decimal originalBudget, decimal copyBudget, double noise, int seed)
    {
        var random = new Random(seed);
        var hours = new List<ArmHour>();
        for (var h = 0; h < days * 24; h++)
        {
            var dayShock = 1 + (0.3 * Math.Sin(h / 24 * 1.7)); // what both arms meet on the same day
            var o = ((originalPerBudget * dayShock) + (noise * (random.NextDouble() - 0.5))) * (double)originalBudget / 24;
            var c = ((copyPerBudget * dayShock) + (noise * (random.NextDouble() - 0.5))) * (double)copyBudget / 24;
            hours.Add(new ArmHour(Start.AddHours(h), Math.Round((decimal)o, 2), Math.Round((decimal)c, 2)));
        }

        return hours;
    }

    [Fact]
    public void Decide_KeepsACopyThatClearlyEarnsMorePerUnitOfBudget()
    {
        var verdict = ExperimentAnalysis.Decide(Hours(7, 0.4, 0.8, 80m, 20m, 0.4, 1), Start, 80m, 20m, Options);

        Assert.Equal(ExperimentArm.Copy, verdict.Winner);
        Assert.True(verdict.Significant);
        Assert.True(verdict.PValue < 0.05);
        Assert.Equal(7, verdict.Blocks);
        Assert.Equal(0.8, verdict.CopyPerBudget, 1);
        Assert.Equal(0.4, verdict.OriginalPerBudget, 1);
        Assert.StartsWith("the copy wins", verdict.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_KeepsTheOriginalWhenItClearlyEarnsMore()
    {
        var verdict = ExperimentAnalysis.Decide(Hours(7, 0.8, 0.2, 80m, 20m, 0.4, 2), Start, 80m, 20m, Options);

        Assert.Equal(ExperimentArm.Original, verdict.Winner);
        Assert.True(verdict.Significant);
        Assert.StartsWith("the original wins", verdict.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_KeepsTheOriginal_WithoutASignificantDifference_OrWithTooFewBlocks_OrBelowTheMinimumLift()
    {
        var noisy = ExperimentAnalysis.Decide(Hours(7, 0.5, 0.52, 80m, 20m, 6, 3), Start, 80m, 20m, Options);
        var short_ = ExperimentAnalysis.Decide(Hours(2, 0.4, 0.9, 80m, 20m, 0.1, 4), Start, 80m, 20m, Options);
        var small = ExperimentAnalysis.Decide(Hours(7, 0.5, 0.53, 80m, 20m, 0.01, 5), Start, 80m, 20m, Options);

        Assert.Equal(ExperimentArm.Original, noisy.Winner);
        Assert.False(noisy.Significant);
        Assert.Contains("no significant difference", noisy.Explanation, StringComparison.Ordinal);
        Assert.Equal((ExperimentArm.Original, 2), (short_.Winner, short_.Blocks));
        Assert.Contains("too little data", short_.Explanation, StringComparison.Ordinal);
        Assert.Equal(ExperimentArm.Original, small.Winner);
        Assert.True(small.Significant);
        Assert.Contains("minimum lift", small.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_DropsHalfEmptyBlocksAndHoursBeforeTheStart_AndSumsTheProfitItCompared()
    {
        var hours = Hours(4, 0.4, 0.8, 80m, 20m, 0.2, 6);
        hours.RemoveAll(h => h.Hour >= Start.AddHours(72) && h.Hour < Start.AddHours(84)); // day 4 keeps 12 hours of 24: still counted
        hours.RemoveAll(h => h.Hour >= Start.AddHours(48) && h.Hour < Start.AddHours(61)); // day 3 keeps 11 hours: dropped
        hours.Add(new ArmHour(Start.AddHours(-1), 1_000m, -1_000m));

        var verdict = ExperimentAnalysis.Decide(hours, Start, 80m, 20m, Options);
        var counted = hours.Where(h => h.Hour >= Start && (h.Hour < Start.AddHours(48) || h.Hour >= Start.AddHours(72))).ToArray();

        Assert.Equal(3, verdict.Blocks);
        Assert.Equal(counted.Sum(h => h.OriginalProfit), verdict.OriginalProfit);
        Assert.Equal(counted.Sum(h => h.CopyProfit), verdict.CopyProfit);
    }

    [Fact]
    public void Decide_RefusesABudgetThatIsNotPositive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ExperimentAnalysis.Decide([], Start, 0m, 20m, Options));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExperimentAnalysis.Decide([], Start, 80m, -1m, Options));
        Assert.Equal(ExperimentArm.Original, ExperimentAnalysis.Decide([], Start, 80m, 20m, Options).Winner);
    }

    [Fact]
    public void Options_NameEachBadSetting()
    {
        var errors = new ExperimentTestOptions { BlockHours = 0, Alpha = 1, MinBlocks = 1, MinLift = -1 }.Validate();

        Assert.Equal(4, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("BlockHours", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Alpha", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("MinBlocks", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("MinLift", StringComparison.Ordinal));
    }
}
