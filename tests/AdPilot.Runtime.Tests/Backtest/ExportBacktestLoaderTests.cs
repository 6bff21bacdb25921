using AdPilot.Connectors.Exports;
using AdPilot.Core.Agents;
using AdPilot.Core.Domain;
using AdPilot.Core.Rewards;
using AdPilot.Core.Training.Backtest;
using AdPilot.Runtime.Backtest;

namespace AdPilot.Runtime.Tests.Backtest;

public sealed class ExportBacktestLoaderTests
{
    [Fact]
    public async Task LoadAsync_Fixtures_HistoryHoldsTheExportsExactly()
    {
        var input = await ExportBacktestLoader.LoadAsync(BacktestFixtures.Files(), TestContext.Current.CancellationToken);

        var history = input.History;
        Assert.Equal("USD", history.Currency);
        Assert.Equal(3, history.AdSets.Count);
        Assert.Equal(526.73m + 197.11m, history.Hours.Sum(h => h.Sum(x => x.Spend)));
        Assert.Equal(45_931 + 27_181, history.Hours.Sum(h => h.Sum(x => x.Impressions)));
        Assert.Equal(101 + 43, history.Hours.Sum(h => h.Count(x => x.Reported)));
        Assert.Equal(50, history.Orders.Count);
        Assert.Equal(3_938.15m, history.Orders.Sum(o => o.Total));
        Assert.Equal(70.50m, history.Orders.Sum(o => o.Refunded));
        Assert.Equal(RevenueSource.Utm, input.Attribution);
        Assert.Contains(input.Warnings, w => w.StartsWith("zero-filled", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Backtest_Fixtures_ActualFiguresReproduceTheExportsBeforeAnyPolicyActs()
    {
        var ct = TestContext.Current.CancellationToken;
        var input = await ExportBacktestLoader.LoadAsync(BacktestFixtures.Files(), ct);
        var known = input.History.AdSets.Select(a => a.AdSet).ToHashSet();
        var tagged = input.History.Orders
            .Where(o => !o.Canceled && Attribution.MatchUtm(o.Utm) is { } adSet && known.Contains(adSet)
                && o.PlacedAt >= input.History.FromUtc && o.PlacedAt < input.History.ToUtc)
            .ToArray();

        var result = BacktestReplay.Run(input.History, new FixedBudgetPolicy(), "fixed", new BacktestOptions { BootstrapSamples = 0 }, cancellationToken: ct);

        Assert.Equal(723.84m, result.Actual.Spend);
        Assert.Equal(tagged.Sum(o => o.Total - o.Refunded), result.Actual.Revenue);
        Assert.Equal(tagged.Count(o => o.Total > o.Refunded), result.Actual.Orders);
        Assert.Equal(50, result.Store.Orders);
        Assert.Equal(3_938.15m, result.Store.Gross);
        Assert.Equal(70.50m, result.Store.Refunded);
        Assert.Equal(3_938.15m - 171.84m - 70.50m, result.Store.Net);
    }

    [Fact]
    public async Task Backtest_Fixtures_HoursOnTheUtcCalendarAndLocalHoursAcrossTheClockChange()
    {
        var ct = TestContext.Current.CancellationToken;
        var input = await ExportBacktestLoader.LoadAsync(BacktestFixtures.Files(), ct);

        var result = BacktestReplay.Run(input.History, new FixedBudgetPolicy(), "fixed", new BacktestOptions { BootstrapSamples = 0 }, cancellationToken: ct);

        // TikTok's first row is 09:00 in Berlin (UTC+1), so the window opens at 08:00Z; New York is UTC−5 until the clocks
        // go forward at 02:00 on 2025-03-09, then UTC−4: 06:00Z is 01:00 local and the next UTC hour is already 03:00.
        Assert.Equal(new DateTimeOffset(2025, 3, 8, 8, 0, 0, TimeSpan.Zero), result.FromUtc);
        int LocalAt(int day, int hour) => result.Proposals.First(p => p.HourUtc == new DateTimeOffset(2025, 3, day, hour, 0, 0, TimeSpan.Zero)).LocalHour;
        Assert.Equal((1, 3), (LocalAt(9, 6), LocalAt(9, 7)));
        Assert.Equal(3, LocalAt(8, 8));
        var tikTok = input.History.AdSets.Select((a, i) => (a, i)).Single(p => p.a.AdSet.Platform == Platform.TikTok).i;
        Assert.True(input.History.Hours[tikTok][0].Reported);
        Assert.Equal(5.99m, input.History.Hours[tikTok][0].Spend);
    }

    [Fact]
    public async Task LoadAsync_MetaWithoutItsTimeZone_ErrorAsksForIt()
    {
        var files = BacktestFixtures.Files() with { MetaZone = null };

        var error = await Assert.ThrowsAsync<ExportFormatException>(() => ExportBacktestLoader.LoadAsync(files, TestContext.Current.CancellationToken));

        Assert.Equal(BacktestFixtures.Meta, error.File);
        Assert.Contains("--meta-timezone", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_OrdersFileGivenAsInsights_ErrorSaysWhichOption()
    {
        var files = BacktestFixtures.Files() with { Insights = [BacktestFixtures.Shopify] };
        var error = await Assert.ThrowsAsync<ExportFormatException>(() => ExportBacktestLoader.LoadAsync(files, TestContext.Current.CancellationToken));
        Assert.Contains("pass it with --orders", error.Message, StringComparison.Ordinal);
    }
}
