using System.Globalization;
using AdPilot.Core.Agents;
using AdPilot.Core.Domain;
using AdPilot.Core.Rewards;
using AdPilot.Core.Simulation;
using AdPilot.Core.Training.Backtest;

namespace AdPilot.Core.Tests.Training.Backtest;

public sealed class BacktestReplayTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 3, 0, 0, 0, TimeSpan.Zero);
    private static readonly AdSetRef Instagram = new(Platform.Instagram, "a");
    private static readonly AdSetRef TikTok = new(Platform.TikTok, "b");

    [Fact]
    public void Run_PolicyThatKeepsTheRealBudgets_ReproducesTheActualOutcomeExactly()
    {
        var history = History(days: 3);

        var result = BacktestReplay.Run(history, new FixedBudgetPolicy(), "fixed", new BacktestOptions { BootstrapSamples = 20 }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(result.Actual, result.Policy.Totals);
        Assert.Equal(history.Hours.Sum(h => h.Sum(x => x.Spend)), result.Actual.Spend);
        Assert.Equal(history.Orders.Sum(o => o.Total - o.Refunded), result.Actual.Revenue);
        Assert.Equal(result.Actual.Profit, result.Policy.ProfitLow);
        Assert.Equal(result.Actual.Profit, result.Policy.ProfitHigh);
        Assert.Equal(0, result.Counts.Changes);
    }

    [Fact]
    public void Run_AnyPolicy_OneProposalPerAdSetHourInHourOrder()
    {
        var history = History(days: 2);

        var result = BacktestReplay.Run(history, new RulesPolicy(), "rules", new BacktestOptions { BootstrapSamples = 0 }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(2 * 48, result.Proposals.Count);
        Assert.Equal(
            [.. from t in Enumerable.Range(0, 48) from a in new[] { Instagram, TikTok } select (Start.AddHours(t), a)],
            result.Proposals.Select(p => (p.HourUtc, p.AdSet)));
        Assert.Null(result.Policy.ProfitLow);
    }

    [Fact]
    public void Run_PolicyThatHalvesBudgets_GuardrailsLimitTheCutsAndSpendFalls()
    {
        var history = History(days: 2);
        var policy = new ScriptedPolicy((_, state) => AdAction.AdjustBudget(state, -0.5));

        var result = BacktestReplay.Run(history, policy, "halve", new BacktestOptions { BootstrapSamples = 0 }, cancellationToken: TestContext.Current.CancellationToken);

        var first = result.Proposals.First(p => p.AdSet == Instagram);
        Assert.Equal(48m, first.BudgetBefore);
        Assert.Equal(24m, first.ProposedBudget);
        Assert.Equal("clamp", first.Verdict);
        Assert.Contains("delta_limit", first.Reasons);
        Assert.Equal(36m, first.BudgetAfter);
        Assert.Contains(result.Proposals, p => p.Verdict == "block" && p.Reasons.Contains("cooldown"));
        Assert.All(result.Proposals.Where(p => p.AdSet == TikTok), p => Assert.True(p.BudgetAfter >= 20m, "TikTok's minimum daily budget holds"));
        Assert.True(result.Policy.Totals.Spend < result.Actual.Spend);
        Assert.True(result.Policy.Totals.Revenue < result.Actual.Revenue);
        Assert.All(result.Proposals, p => Assert.True(p.EstimatedRevenue >= 0));
        Assert.All(result.Proposals, p => Assert.Equal(p.ActualSpend * p.BudgetAfter / p.ActualBudget, p.EstimatedSpend, 4));
    }

    [Fact]
    public void Run_PolicyThatPausesAnAdSet_ItSpendsNothingAfterwards()
    {
        var history = History(days: 1);
        var policy = new ScriptedPolicy((i, state) => i == 0 ? AdAction.Keep(state) with { Status = AdSetStatus.Paused } : AdAction.Keep(state));

        var result = BacktestReplay.Run(history, policy, "pause", new BacktestOptions { BootstrapSamples = 0 }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.All(result.Proposals.Where(p => p.AdSet == Instagram), p => Assert.Equal(0m, p.EstimatedSpend));
        Assert.Equal(
            history.Hours[1].Sum(h => h.Spend),
            result.Proposals.Where(p => p.AdSet == TikTok).Sum(p => p.EstimatedSpend));
    }

    [Fact]
    public void Run_PolicyObservesTheReplayedOutcomes()
    {
        var history = History(days: 1);
        var policy = new ScriptedPolicy((_, state) => AdAction.AdjustBudget(state, 0.1));

        var result = BacktestReplay.Run(history, policy, "raise", new BacktestOptions { BootstrapSamples = 0 }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(23, policy.Observed.Count);
        var replayed = result.Proposals.Where(p => p.AdSet == Instagram).Take(23).Select(p => (double)p.EstimatedSpend).ToArray();
        Assert.Equal(replayed, policy.Observed.Select(o => o[0]), new ToleranceComparer(1e-9));
    }

    [Fact]
    public void Run_RaiseWhereTheAdSetDidNotDeliver_StillNoSpend()
    {
        var history = History(days: 1, zeroHours: [5, 6]);
        var policy = new ScriptedPolicy((_, state) => AdAction.AdjustBudget(state, 0.2));

        var result = BacktestReplay.Run(history, policy, "raise", new BacktestOptions { BootstrapSamples = 0 }, cancellationToken: TestContext.Current.CancellationToken);

        var silent = result.Proposals.Where(p => p.AdSet == Instagram && p.HourUtc.Hour is 5 or 6).ToArray();
        Assert.All(silent, p => Assert.Equal(0m, p.EstimatedSpend));
        Assert.All(silent, p => Assert.True(p.ZeroFilled));
        Assert.Equal(2, result.Counts.ZeroFilledHours);
    }

    [Fact]
    public void Run_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => BacktestReplay.Run(History(days: 1), new FixedBudgetPolicy(), "fixed", cancellationToken: cts.Token));
    }

    [Fact]
    public void Run_HistoryWithProblems_ThrowsNamingThem()
    {
        var history = History(days: 1) with { Currency = "usd", AdSets = [] };

        var error = Assert.Throws<ArgumentException>(() => BacktestReplay.Run(history, new FixedBudgetPolicy(), "fixed", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("'usd' is not an ISO 4217 code", error.Message, StringComparison.Ordinal);
        Assert.Contains("the history has no ad set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_NoReportedBudgets_InfersEachDaysBudgetFromItsSpend()
    {
        var history = History(days: 2, reportBudgets: false);

        var result = BacktestReplay.Run(history, new FixedBudgetPolicy(), "fixed", new BacktestOptions { BootstrapSamples = 0 }, cancellationToken: TestContext.Current.CancellationToken);

        var day = history.Hours[0].Take(24).Sum(h => h.Spend);
        Assert.All(result.Proposals.Where(p => p.AdSet == Instagram && p.HourUtc < Start.AddDays(1)), p => Assert.Equal(Math.Round(day, 2), p.ActualBudget));
        Assert.Contains(result.Warnings, w => w.Contains("no daily budget", StringComparison.Ordinal));
    }

    /// <summary>
    /// Two ad sets spending through the day (Instagram on a 48/day budget, TikTok on 96/day), and one UTM-tagged order of 40
    /// per 12 of spend, placed within the hour.
    /// </summary>
    private static BacktestHistory History(int days, bool reportBudgets = true, int[]? zeroHours = null)
    {
        var hours = days * 24;
        var rng = new Rng(42);
        var orders = new List<ShopOrder>();
        var grid = new List<IReadOnlyList<BacktestHour>>();
        foreach (var (adSet, budget) in new[] { (Instagram, 48m), (TikTok, 96m) })
        {
            var line = new BacktestHour[hours];
            var owed = 0m;
            for (var t = 0; t < hours; t++)
            {
                if (adSet == Instagram && zeroHours?.Contains(t) == true)
                {
                    line[t] = BacktestHour.ZeroFilled;
                    continue;
                }

                var spend = Math.Round(budget / 24 * (decimal)rng.Uniform(0.6, 1.4), 2);
                line[t] = new BacktestHour(spend, (long)(spend * 100), (long)spend, null, reportBudgets ? budget : null, true);
                owed += spend;
                while (owed >= 12)
                {
                    owed -= 12;
                    orders.Add(new ShopOrder(
                        string.Create(CultureInfo.InvariantCulture, $"{adSet.ExternalId}-{orders.Count}"),
                        Start.AddHours(t).AddMinutes(30),
                        "USD",
                        40m,
                        null,
                        0m,
                        false,
                        new UtmTag(adSet.Platform == Platform.TikTok ? "tiktok" : "instagram", "paid_social", "adpilot", adSet.ExternalId)));
                }
            }

            grid.Add(line);
        }

        return new BacktestHistory
        {
            Currency = "USD",
            StoreZone = TimeZoneInfo.Utc,
            FromUtc = Start,
            AdSets = [new BacktestAdSet(Instagram, "A", "c1"), new BacktestAdSet(TikTok, "B", "c2")],
            Hours = grid,
            Orders = orders,
            CostOfGoods = CostOfGoods.FromMargin(0.6),
        };
    }

    /// <summary>A policy that proposes what a function of (ad set index, state) says, and records the spends it observes.</summary>
    private sealed class ScriptedPolicy(Func<int, AdEnvironmentState, AdAction> decide) : IPolicy
    {
        public List<double[]> Observed { get; } = [];

        public string Name => "scripted";

        public void Reset(PolicyContext context)
        {
        }

        public void Decide(DecisionContext decision, Span<AdAction> actions, Span<double> propensities)
        {
            for (var i = 0; i < decision.States.Length; i++)
            {
                actions[i] = decide(i, decision.States[i]);
                propensities[i] = 1;
            }
        }

        public void Observe(Transition transition)
        {
            var spends = new double[transition.Info.Length];
            for (var i = 0; i < spends.Length; i++)
            {
                spends[i] = transition.Info[i].Spend;
            }

            Observed.Add(spends);
        }
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
