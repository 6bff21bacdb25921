using System.Globalization;
using AdPilot.Core.Agents;
using AdPilot.Core.Domain;
using AdPilot.Core.Features;
using AdPilot.Core.Guardrails;
using AdPilot.Core.Rewards;
using AdPilot.Core.Simulation;

namespace AdPilot.Core.Training.Backtest;

/// <summary>
/// Replays a history hour by hour through the live loop's parts: each ad set-hour's state from the <see cref="Featurizer"/>,
/// the actual outcome from the <see cref="RewardCalculator"/> (with its attribution of orders to ad sets), the policy's
/// proposal through the <see cref="GuardrailEvaluator"/>, and the proposal's estimated outcome from a
/// <see cref="SpendResponseCurve"/> fitted to the same history.
/// </summary>
/// <remarks>
/// <para>
/// The replay's budgets are the policy's own: each ad set starts at its real daily budget and then follows what the policy
/// proposed and the guardrails let through. An hour's estimated spend is its real spend scaled by the replay's budget over
/// the real one (the platform's pacing through the day is kept, and an hour that did not deliver does not deliver under
/// any budget); a paused ad set spends nothing. Its estimated revenue is the real attributed revenue moved by the response
/// curve's difference between the two spends, f(replayed) − f(real), a reduction never taking it below zero: the noise of
/// the real hour is kept, and a replay that spends what really was spent reproduces the real outcome exactly. Cost of goods
/// moves with revenue at the store's margin, orders with revenue at the attributed average order value.
/// </para>
/// <para>
/// The state the policy sees is the featurizer's over the real history (CTR, CVR, competitor activity, seasonality: the
/// market, which a budget moves little in the short run), with the budget, status and trailing-day spend and revenue of
/// the replay's own path. The policy observes the replay's estimated outcomes, as it would observe the real ones live.
/// </para>
/// <para>
/// The 95% interval refits the response model on the history's store-local days resampled with replacement and re-estimates
/// the profit of the same replayed spends: it measures how much the estimate rests on the fitted curves, not how another
/// draw of the market would have gone.
/// </para>
/// </remarks>
public static class BacktestReplay
{
    private const string AccountId = "backtest";

    /// <summary>Replays a policy over a history.</summary>
    /// <param name="history">The history.</param>
    /// <param name="policy">The policy; it is reset for the replay.</param>
    /// <param name="policyName">The policy's name in the report.</param>
    /// <param name="options">The settings; defaults when null.</param>
    /// <param name="onHour">Told after each hour replayed, for a progress bar.</param>
    /// <param name="cancellationToken">Stops the replay between hours.</param>
    /// <returns>The backtest.</returns>
    /// <exception cref="ArgumentException">The history or the options are invalid; the message names every problem.</exception>
    public static BacktestResult Run(
        BacktestHistory history,
        IPolicy policy,
        string policyName,
        BacktestOptions? options = null,
        Action? onHour = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(policyName);
        options ??= new BacktestOptions();
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("invalid backtest options: " + string.Join("; ", errors), nameof(options));
        }

        var historyErrors = history.Validate();
        if (historyErrors.Count > 0)
        {
            throw new ArgumentException("the history cannot be replayed: " + string.Join("; ", historyErrors), nameof(history));
        }

        return new Replay(history, policy, policyName, options).Run(onHour, cancellationToken);
    }

    /// <summary>The replay's state: the history's actual figures, precomputed, and the policy's path as it unfolds.</summary>
    private sealed class Replay
    {
        private readonly BacktestHistory _history;
        private readonly IPolicy _policy;
        private readonly string _policyName;
        private readonly BacktestOptions _options;
        private readonly int _n;
        private readonly int _hours;
        private readonly AdSetRef[] _refs;
        private readonly LocalHour[] _local;
        private readonly decimal[][] _actualBudget;
        private readonly OrderFigures[][] _reward;
        private readonly AdSetHour[][] _rows;
        private readonly List<string> _warnings = [];
        private readonly int _decimals;

        public Replay(BacktestHistory history, IPolicy policy, string policyName, BacktestOptions options)
        {
            _history = history;
            _policy = policy;
            _policyName = policyName;
            _options = options;
            _n = history.AdSets.Count;
            _hours = history.HourCount;
            _refs = [.. history.AdSets.Select(a => a.AdSet)];
            _local = [.. Enumerable.Range(0, _hours).Select(t => LocalHour.FromUtc(Hour(t), history.StoreZone))];
            _decimals = LargestRemainder.MinorUnitDecimals(history.Currency);
            _actualBudget = ActualBudgets();
            var activity = Activity();
            _reward = ActualRewards(activity);
            _rows = FeaturizerRows(activity);
        }

        public BacktestResult Run(Action? onHour, CancellationToken cancellationToken)
        {
            var model = FitModel();
            var featurizer = new Featurizer(_options.Featurizer);
            var evaluator = new GuardrailEvaluator(_options.Guardrails);
            var guardrails = _options.Guardrails;
            _policy.Reset(new PolicyContext(
                [.. _history.AdSets.Select((a, i) => new AdSetDescriptor(
                    a.AdSet,
                    a.Name,
                    (double)guardrails.MinDailyBudgetFor(a.AdSet.Platform),
                    (double)Math.Min(guardrails.MaxDailyBudget, guardrails.AdSetDailyCap),
                    (double)_actualBudget[i][0]))],
                _history.Currency,
                new ActionLimits
                {
                    MaxHourlyBudgetChange = (double)guardrails.MaxHourlyChange,
                    MinHoursBetweenCreativeRotations = 24 / Math.Max(1, guardrails.MaxCreativeRotationsPerLocalDay),
                },
                _options.Seed));

            var orderValue = AverageOrderValue();
            var budget = _actualBudget.Select(b => b[0]).ToArray();
            var status = Enumerable.Repeat(AdSetStatus.Active, _n).ToArray();
            var lastChange = new DateTimeOffset?[_n];
            var spend = Jagged<decimal>();
            var revenue = Jagged<decimal>();
            var featureRevenue = Jagged<decimal>();
            var estimated = new OrderFigures[_n];
            var estimatedSpend = 0m;
            var proposals = new List<BacktestProposal>(_n * _hours);
            int changes = 0, allowed = 0, clamped = 0, blocked = 0, approvals = 0;
            var seasonality = new Dictionary<DateOnly, SeasonalityTable>();

            var states = new AdEnvironmentState[_n];
            var previousStates = new AdEnvironmentState[_n];
            var actions = new AdAction[_n];
            var previousActions = new AdAction[_n];
            var propensities = new double[_n];
            var metrics = new RewardMetrics[_n];
            var info = new AdSetHourInfo[_n];
            for (var t = 0; t < _hours; t++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var hour = Hour(t);
                States(featurizer, t, SeasonalityAt(hour, seasonality), budget, status, spend, featureRevenue, states);
                if (t > 0)
                {
                    _policy.Observe(new Transition(t - 1, previousStates, previousActions, metrics, info, states));
                }

                for (var a = 0; a < _n; a++)
                {
                    actions[a] = AdAction.Keep(states[a]);
                }

                propensities.AsSpan().Fill(1);
                _policy.Decide(new DecisionContext(t, hour, states), actions, propensities);

                var guarded = new GuardedAdSet[_n];
                for (var a = 0; a < _n; a++)
                {
                    guarded[a] = Guarded(a, states[a], actions[a], budget[a], status[a], lastChange[a]);
                }

                var result = evaluator.Evaluate(new GuardrailInput
                {
                    Now = hour,
                    TimeZone = _history.StoreZone,
                    AccountId = AccountId,
                    Currency = _history.Currency,
                    Stage = RolloutStage.Expand,
                    TrailingHourlyRoas = TrailingRoas(t, spend, revenue),
                    AdSets = guarded,
                });

                for (var a = 0; a < _n; a++)
                {
                    var decision = result.Decisions[a];
                    switch (decision.Verdict)
                    {
                        case GuardrailVerdict.Allow: allowed++; break;
                        case GuardrailVerdict.Clamp: clamped++; break;
                        case GuardrailVerdict.Block: blocked++; break;
                        default: approvals++; break;
                    }

                    var applied = decision.MayApply || (decision.Verdict == GuardrailVerdict.RequireApproval && _options.ApproveIncreases) ? decision.Change : null;
                    var before = budget[a];
                    if (applied is not null && (applied.DailyBudget.Amount != budget[a] || applied.Status != status[a]))
                    {
                        changes++;
                        lastChange[a] = hour;
                        budget[a] = applied.DailyBudget.Amount;
                        status[a] = applied.Status;
                    }

                    var (hourSpend, hourRevenue, figures) = Estimate(model, a, t, budget[a], status[a], orderValue);
                    spend[a][t] = hourSpend;
                    revenue[a][t] = hourRevenue;
                    featureRevenue[a][t] = _rows[a][t].AttributedRevenue + (hourRevenue - _reward[a][t].Revenue);
                    estimated[a] += figures;
                    estimatedSpend += hourSpend;
                    metrics[a] = new RewardMetrics((double)figures.Revenue, (double)hourSpend, (double)figures.Cogs, (double)figures.Conversions);
                    info[a] = Info(a, t, budget[a], hourSpend, figures, decision.Verdict);
                    var actual = _history.Hours[a][t];
                    proposals.Add(new BacktestProposal(
                        hour,
                        _local[t].HourOfDay,
                        _refs[a],
                        _history.AdSets[a].Name,
                        before,
                        actions[a].BudgetAdjustment,
                        decision.Proposed.DailyBudget.Amount,
                        decision.Proposed.Status,
                        propensities[a],
                        VerdictName(decision.Verdict),
                        [.. decision.Reasons.Select(r => r.Code)],
                        budget[a],
                        _actualBudget[a][t],
                        actual.Spend,
                        hourSpend,
                        _reward[a][t].Revenue,
                        hourRevenue,
                        !actual.Reported));
                }

                states.CopyTo(previousStates, 0);
                actions.CopyTo(previousActions, 0);
                onHour?.Invoke();
            }

            var actualTotals = ActualTotals();
            var totals = estimated.Aggregate(OrderFigures.Zero, (x, y) => x + y);
            var policyTotals = new BacktestTotals(
                Round(estimatedSpend), Round(totals.Revenue), Round(totals.Cogs), Math.Round(totals.Conversions, 4, MidpointRounding.ToEven));
            var (low, high, samples) = Interval(model, spend, cancellationToken);
            return new BacktestResult(
                _history.FromUtc,
                _history.ToUtc,
                _history.Currency,
                _n,
                _hours,
                actualTotals,
                new BacktestEstimate(_policyName, policyTotals, low, high, samples),
                StoreTotals(),
                new BacktestCounts(proposals.Count, changes, allowed, clamped, blocked, approvals, _history.Hours.Sum(h => h.Count(x => !x.Reported))),
                proposals,
                model,
                _warnings);
        }

        private DateTimeOffset Hour(int t) => _history.FromUtc.AddHours(t);

        private T[][] Jagged<T>() => [.. Enumerable.Range(0, _n).Select(_ => new T[_hours])];

        private decimal Round(decimal amount) => Math.Round(amount, _decimals, MidpointRounding.ToEven);

        /// <summary>
        /// The daily budget really in force each hour: the history's when it reports one (the last report carried over the hours
        /// between reports, the first back to the window's start); for an ad set never reported with one, its spend over the
        /// hour's store-local day, scaled up on a day the window covers in part by the share of a day's spend the ad set puts in
        /// the hours covered (a daily budget is mostly spent: delivery under it is close to it). A day without spend keeps the
        /// ad set's mean daily spend, so a budget path can start from it.
        /// </summary>
        private decimal[][] ActualBudgets()
        {
            var budgets = Jagged<decimal>();
            var inferred = 0;
            for (var a = 0; a < _n; a++)
            {
                var hours = _history.Hours[a];
                var byHour = new decimal[24];
                for (var t = 0; t < _hours; t++)
                {
                    byHour[_local[t].HourOfDay] += hours[t].Spend;
                }

                var total = byHour.Sum();
                var days = Enumerable.Range(0, _hours).GroupBy(t => _local[t].Date).ToArray();
                var perDay = new Dictionary<DateOnly, decimal>();
                foreach (var day in days)
                {
                    var daySpend = day.Sum(t => hours[t].Spend);
                    var covered = total > 0 ? day.Select(t => _local[t].HourOfDay).Distinct().Sum(h => byHour[h]) / total : 0m;
                    perDay[day.Key] = covered >= 0.05m ? daySpend / covered : daySpend;
                }

                var spentDays = perDay.Values.Where(v => v > 0).ToArray();
                var mean = spentDays.Length > 0 ? spentDays.Average() : 0m;

                // A reported budget stays in force until the next report (hours without delivery carry no row, so no budget).
                var known = hours.Select(h => h.DailyBudget).FirstOrDefault(b => b is not null);
                for (var t = 0; t < _hours; t++)
                {
                    known = hours[t].DailyBudget ?? known;
                    if (known is { } reported)
                    {
                        budgets[a][t] = reported;
                        continue;
                    }

                    inferred++;
                    var day = perDay[_local[t].Date];
                    budgets[a][t] = Math.Round(day > 0 ? day : mean, 2, MidpointRounding.ToEven);
                }
            }

            if (inferred > 0)
            {
                _warnings.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"the history reports no daily budget for {inferred} of {_n * _hours} ad set-hours: each of those days' budget is taken to be that day's spend (delivery under a daily budget spends close to it)"));
            }

            return budgets;
        }

        private AdSetHourActivity[] Activity()
        {
            var activity = new AdSetHourActivity[_n * _hours];
            for (var a = 0; a < _n; a++)
            {
                for (var t = 0; t < _hours; t++)
                {
                    var h = _history.Hours[a][t];
                    activity[(a * _hours) + t] = new AdSetHourActivity(_refs[a], Hour(t), h.Spend, _actualBudget[a][t], h.PlatformPurchases);
                }
            }

            return activity;
        }

        /// <summary>Each ad set-hour's attributed revenue, cost of goods and orders, as the live reward job scores them.</summary>
        private OrderFigures[][] ActualRewards(AdSetHourActivity[] activity)
        {
            var figures = Jagged<OrderFigures>();
            var index = _refs.Select((r, i) => (r, i)).ToDictionary(p => p.r, p => p.i);
            var rewards = new RewardCalculator(_options.Rewards).Compute(activity, _history.Orders, _history.Currency, _history.CostOfGoods);
            decimal elsewhere = 0, outside = 0;
            foreach (var reward in rewards)
            {
                var t = (int)((reward.HourUtc - _history.FromUtc).Ticks / TimeSpan.TicksPerHour);
                var own = new OrderFigures(reward.Revenue, reward.Cogs, reward.Conversions);
                if (!index.TryGetValue(reward.AdSet, out var a))
                {
                    elsewhere += reward.Revenue;
                }
                else if (t < 0 || t >= _hours)
                {
                    outside += reward.Revenue;
                }
                else
                {
                    figures[a][t] = own;
                }
            }

            if (elsewhere != 0)
            {
                _warnings.Add(string.Create(CultureInfo.InvariantCulture, $"{elsewhere:0.00} {_history.Currency} of revenue is tagged for ad sets the history does not have: it is left out of the actual figures"));
            }

            if (outside != 0)
            {
                _warnings.Add(string.Create(CultureInfo.InvariantCulture, $"{outside:0.00} {_history.Currency} of attributed revenue falls outside the window's hours: it is left out"));
            }

            return figures;
        }

        /// <summary>
        /// Each ad set's hours as the featurizer reads them: platform figures plus the orders attributed in the hour they were
        /// placed. With UTM attribution, as the live feature store counts them: each UTM-tagged order once, at its total,
        /// whatever happened to it later. With the modelled attribution, the modelled figures (net of refunds): the live
        /// store would read none, and every ROAS-driven policy would see zero.
        /// </summary>
        private AdSetHour[][] FeaturizerRows(AdSetHourActivity[] activity)
        {
            var index = _refs.Select((r, i) => (r, i)).ToDictionary(p => p.r, p => p.i);
            var attributed = Jagged<OrderFigures>();
            if (_options.Rewards.RevenueSource == RevenueSource.Modelled)
            {
                var attribution = Attribution.Attribute(_history.Orders, activity, _history.Currency, _history.CostOfGoods, _options.Rewards);
                foreach (var row in attribution.ByAdSetHour)
                {
                    var t = HourIndex(row.HourUtc);
                    if (index.TryGetValue(row.AdSet, out var a) && t >= 0 && t < _hours)
                    {
                        attributed[a][t] = row.Modelled;
                    }
                }
            }
            else
            {
                foreach (var order in _history.Orders)
                {
                    var t = HourIndex(LocalHour.FloorToUtcHour(order.PlacedAt));
                    if (Attribution.MatchUtm(order.Utm) is { } adSet && index.TryGetValue(adSet, out var a) && t >= 0 && t < _hours)
                    {
                        attributed[a][t] += new OrderFigures(order.Total, 0m, 1m);
                    }
                }
            }

            var rows = new AdSetHour[_n][];
            for (var a = 0; a < _n; a++)
            {
                rows[a] = new AdSetHour[_hours];
                var first = _history.Hours[a].ToList().FindIndex(h => h.Reported);
                for (var t = 0; t < _hours; t++)
                {
                    // As the feature store: an ad set's history starts with its first reported hour, so orders from before it
                    // (no clicks to measure them against) do not count.
                    var h = _history.Hours[a][t];
                    var own = t >= first && first >= 0 ? attributed[a][t] : OrderFigures.Zero;
                    rows[a][t] = new AdSetHour(Hour(t), h.Spend, h.Impressions, h.Clicks, h.PlatformPurchases ?? 0, (double)own.Conversions, own.Revenue);
                }
            }

            return rows;
        }

        private int HourIndex(DateTimeOffset hourUtc) => (int)Math.Floor((hourUtc - _history.FromUtc).TotalHours);

        private SpendResponseCurve FitModel() => SpendResponseCurve.Fit(Series(Enumerable.Range(0, _hours)), _options.Response);

        /// <summary>The response model's rows for some hours (an hour listed twice counts twice).</summary>
        private List<SpendRevenueHour> Series(IEnumerable<int> hours)
        {
            var series = new List<SpendRevenueHour>(_n * _hours);
            foreach (var t in hours)
            {
                for (var a = 0; a < _n; a++)
                {
                    series.Add(new SpendRevenueHour(_refs[a], Hour(t), _local[t].HourOfDay, (double)_history.Hours[a][t].Spend, (double)_reward[a][t].Revenue));
                }
            }

            return series;
        }

        private decimal AverageOrderValue()
        {
            var revenue = _reward.Sum(r => r.Sum(f => f.Revenue));
            var orders = _reward.Sum(r => r.Sum(f => f.Conversions));
            if (orders > 0 && revenue > 0)
            {
                return revenue / orders;
            }

            var placed = _history.Orders.Where(o => !o.Canceled && o.Total > 0).ToArray();
            return placed.Length > 0 ? placed.Average(o => o.Total - o.Refunded) : 1m;
        }

        private SeasonalityTable SeasonalityAt(DateTimeOffset hour, Dictionary<DateOnly, SeasonalityTable> cache)
        {
            var day = DateOnly.FromDateTime(hour.UtcDateTime);
            if (cache.TryGetValue(day, out var table))
            {
                return table;
            }

            var dayStart = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var dataSince = _history.Orders.Count > 0 ? Min(LocalHour.FloorToUtcHour(_history.Orders.Min(o => o.PlacedAt)), _history.FromUtc) : _history.FromUtc;
            var from = Max(dataSince, dayStart.AddDays(-_options.SeasonalityDays));
            table = from < dayStart
                ? Seasonality.Learn(_history.Orders.Select(o => o.PlacedAt), from, dayStart, _history.StoreZone, _options.Seasonality)
                : SeasonalityTable.Flat;
            cache[day] = table;
            return table;
        }

        /// <summary>
        /// Every ad set's state at the start of hour t: the featurizer over the real hours before it, with the replay's budget,
        /// status and trailing-day spend and revenue, and one CTR/CVR prior per platform pooled from every ad set of it.
        /// </summary>
        private void States(
            Featurizer featurizer, int t, SeasonalityTable seasonality, decimal[] budget, AdSetStatus[] status, decimal[][] spend, decimal[][] featureRevenue, AdEnvironmentState[] states)
        {
            var hour = Hour(t);
            var start = Math.Max(0, t - _options.Featurizer.HistoryHours);
            var summaries = new HistorySummary[_n];
            for (var a = 0; a < _n; a++)
            {
                var summary = featurizer.Summarize(hour, new ArraySegment<AdSetHour>(_rows[a], start, t - start));
                decimal spend24 = 0, revenue24 = 0;
                for (var s = Math.Max(0, t - 24); s < t; s++)
                {
                    spend24 += spend[a][s];
                    revenue24 += featureRevenue[a][s];
                }

                summaries[a] = summary with { Spend24 = (double)spend24, Revenue24 = (double)revenue24 };
            }

            var priors = _options.UseAccountPrior
                ? summaries.Select((s, i) => (_refs[i].Platform, s)).GroupBy(p => p.Platform).ToDictionary(
                    g => g.Key, g => AccountPrior.FromTotals(g.Sum(p => p.s.Impressions), g.Sum(p => p.s.Clicks), g.Sum(p => p.s.AttributedOrders)))
                : [];
            for (var a = 0; a < _n; a++)
            {
                var configuration = new AdSetConfiguration(
                    new Money(budget[a], _history.Currency),
                    _refs[a].Platform,
                    PlatformTargeting.FromLabel(null),
                    PlatformTargeting.InterestsFromNames(null),
                    PlatformTargeting.CreativeTypeFromTags(null),
                    BidStrategy.LowestCost,
                    status[a]);
                states[a] = featurizer.StateAt(
                    hour, summaries[a], configuration, priors.GetValueOrDefault(_refs[a].Platform, AccountPrior.Default), seasonality, _history.StoreZone);
            }
        }

        /// <summary>An ad set as the guardrails see it, its proposal built as the live cycle builds it.</summary>
        private GuardedAdSet Guarded(int a, in AdEnvironmentState state, in AdAction action, decimal budget, AdSetStatus status, DateTimeOffset? lastChange)
        {
            var current = new AdSetSettings(new Money(budget, _history.Currency), state.BidStrategy, state.CreativeType, status);
            var target = budget;
            if (double.IsFinite(action.BudgetAdjustment) && action.BudgetAdjustment != 0)
            {
                var proposed = (double)budget * (1 + action.BudgetAdjustment);
                target = proposed is > 0 and < (double)decimal.MaxValue ? decimal.Round((decimal)proposed, 2, MidpointRounding.ToEven) : 0m;
            }

            return new GuardedAdSet
            {
                AdSet = _refs[a],
                CampaignId = _history.AdSets[a].CampaignId,
                Current = current,
                Proposed = new AdSetSettings(
                    new Money(target, _history.Currency),
                    action.BidStrategy == state.BidStrategy ? current.BidStrategy : action.BidStrategy,
                    action.CreativeType,
                    action.Status),
                LastChangeAt = lastChange,
            };
        }

        /// <summary>The replayed account's ROAS per hour over the pause window, hours without spend left out.</summary>
        private List<decimal> TrailingRoas(int t, decimal[][] spend, decimal[][] revenue)
        {
            var roas = new List<decimal>();
            for (var s = Math.Max(0, t - _options.Guardrails.RoasPauseHours); s < t; s++)
            {
                decimal hourSpend = 0, hourRevenue = 0;
                for (var a = 0; a < _n; a++)
                {
                    hourSpend += spend[a][s];
                    hourRevenue += revenue[a][s];
                }

                if (hourSpend > 0)
                {
                    roas.Add(hourRevenue / hourSpend);
                }
            }

            return roas;
        }

        /// <summary>The replayed hour's spend, revenue, and figures (revenue, cost of goods, orders).</summary>
        private (decimal Spend, decimal Revenue, OrderFigures Figures) Estimate(
            SpendResponseCurve model, int a, int t, decimal budget, AdSetStatus status, decimal orderValue)
        {
            var actual = _history.Hours[a][t];
            var real = _reward[a][t];
            var realBudget = _actualBudget[a][t];
            var spend = status != AdSetStatus.Active ? 0m
                : realBudget > 0 ? Math.Round(actual.Spend * budget / realBudget, 4, MidpointRounding.ToEven)
                : actual.Spend;
            if (spend == actual.Spend)
            {
                return (spend, real.Revenue, real);
            }

            var hourOfDay = _local[t].HourOfDay;
            var delta = model.ExpectedRevenue(_refs[a], (double)spend, hourOfDay) - model.ExpectedRevenue(_refs[a], (double)actual.Spend, hourOfDay);
            var change = Math.Round((decimal)Math.Max(delta, -Math.Max(0, (double)real.Revenue)), 4, MidpointRounding.ToEven);
            var figures = real + new OrderFigures(
                change,
                Math.Round(change * (decimal)(1 - _history.CostOfGoods.GrossMargin), 4, MidpointRounding.ToEven),
                orderValue > 0 ? Math.Round(change / orderValue, 6, MidpointRounding.ToEven) : 0m);
            return (spend, figures.Revenue, figures);
        }

        /// <summary>The replayed hour as a policy learns from it; impressions, clicks and platform purchases scale with spend.</summary>
        private AdSetHourInfo Info(int a, int t, decimal budget, decimal spend, OrderFigures figures, GuardrailVerdict verdict)
        {
            var actual = _history.Hours[a][t];
            var scale = actual.Spend > 0 ? (double)(spend / actual.Spend) : 0;
            var orders = (long)Math.Round(Math.Max(0, figures.Conversions), MidpointRounding.ToEven);
            return new AdSetHourInfo(
                (double)budget,
                (double)spend,
                (long)Math.Round(actual.Impressions * scale),
                (long)Math.Round(actual.Clicks * scale),
                (long)Math.Round((actual.PlatformPurchases ?? 0) * scale),
                0,
                orders,
                (double)figures.Revenue,
                0,
                0,
                orders,
                (double)figures.Revenue,
                false,
                verdict is GuardrailVerdict.Allow ? 0 : 1);
        }

        private BacktestTotals ActualTotals()
        {
            decimal spend = 0, revenue = 0, cogs = 0, orders = 0;
            for (var a = 0; a < _n; a++)
            {
                for (var t = 0; t < _hours; t++)
                {
                    spend += _history.Hours[a][t].Spend;
                    revenue += _reward[a][t].Revenue;
                    cogs += _reward[a][t].Cogs;
                    orders += _reward[a][t].Conversions;
                }
            }

            return new BacktestTotals(spend, revenue, cogs, orders);
        }

        private BacktestStoreTotals StoreTotals()
        {
            var orders = _history.Orders;
            var live = orders.Where(o => !o.Canceled).ToArray();
            var inWindow = orders.Count(o => o.PlacedAt >= _history.FromUtc && o.PlacedAt < _history.ToUtc);
            if (inWindow < orders.Count)
            {
                _warnings.Add(string.Create(
                    CultureInfo.InvariantCulture, $"{orders.Count - inWindow} of {orders.Count} orders were placed outside the insights' window {_history.FromUtc:yyyy-MM-ddTHH:mm}Z–{_history.ToUtc:yyyy-MM-ddTHH:mm}Z"));
            }

            return new BacktestStoreTotals(
                orders.Count,
                orders.Count - live.Length,
                orders.Sum(o => o.Total),
                orders.Sum(o => o.Refunded),
                live.Sum(o => o.Total - o.Refunded),
                inWindow);
        }

        /// <summary>
        /// The 95% percentile interval of the estimated profit over refits of the response model on the store-local days
        /// resampled with replacement, the replayed spends held fixed.
        /// </summary>
        private (decimal? Low, decimal? High, int Samples) Interval(SpendResponseCurve model, decimal[][] spend, CancellationToken cancellationToken)
        {
            if (_options.BootstrapSamples == 0)
            {
                return (null, null, 0);
            }

            var days = Enumerable.Range(0, _hours).GroupBy(t => _local[t].Date).Select(g => g.ToArray()).ToArray();
            var margin = _history.CostOfGoods.GrossMargin;
            var samples = new double?[_options.BootstrapSamples];
            var refitOptions = RefitOptions(_options.Response);

            // Each refit draws from its own stream, so the interval is the same however the refits are spread over cores.
            Parallel.For(0, samples.Length, new ParallelOptions { CancellationToken = cancellationToken }, b =>
            {
                var rng = Rng.ForStream(_options.Seed, 0xB007_57A9UL, (ulong)b);
                var hours = new List<int>(_hours);
                for (var d = 0; d < days.Length; d++)
                {
                    hours.AddRange(days[(int)(rng.NextDouble() * days.Length)]);
                }

                SpendResponseCurve refit;
                try
                {
                    refit = model.Refit(Series(hours), refitOptions);
                }
                catch (ArgumentException)
                {
                    return; // a resample of days without any spend: nothing to fit
                }

                var profit = 0.0;
                for (var a = 0; a < _n; a++)
                {
                    for (var t = 0; t < _hours; t++)
                    {
                        var actual = _history.Hours[a][t];
                        var real = _reward[a][t];
                        var delta = 0.0;
                        if (spend[a][t] != actual.Spend)
                        {
                            var hourOfDay = _local[t].HourOfDay;
                            delta = refit.ExpectedRevenue(_refs[a], (double)spend[a][t], hourOfDay) - refit.ExpectedRevenue(_refs[a], (double)actual.Spend, hourOfDay);
                            delta = Math.Max(delta, -Math.Max(0, (double)real.Revenue));
                        }

                        profit += (double)(real.Revenue - real.Cogs - spend[a][t]) + (delta * margin); // cost of goods moves with revenue
                    }
                }

                samples[b] = profit;
            });

            var profits = samples.Where(p => p is not null).Select(p => p!.Value).ToList();
            if (profits.Count == 0)
            {
                return (null, null, 0);
            }

            profits.Sort();
            return (Round((decimal)Quantile(profits, 0.025)), Round((decimal)Quantile(profits, 0.975)), profits.Count);
        }

        /// <summary>A refit starts from the full fit's hour-of-day profile, so a quarter of its rounds suffice.</summary>
        private static SpendResponseOptions RefitOptions(SpendResponseOptions options) => new()
        {
            RoasPriorRelativeSd = options.RoasPriorRelativeSd,
            SaturationPriorLogSd = options.SaturationPriorLogSd,
            AccountSaturationPrior = options.AccountSaturationPrior,
            AccountSaturationPriorLogSd = options.AccountSaturationPriorLogSd,
            MinSaturationMultiple = options.MinSaturationMultiple,
            MaxSaturationMultiple = options.MaxSaturationMultiple,
            GridPoints = options.GridPoints,
            HourProfilePseudoHours = options.HourProfilePseudoHours,
            HourProfileSmoothingRadius = options.HourProfileSmoothingRadius,
            VariancePseudoHours = options.VariancePseudoHours,
            Iterations = Math.Max(1, options.Iterations / 4),
        };

        private static double Quantile(List<double> sorted, double q)
        {
            var position = q * (sorted.Count - 1);
            var lower = (int)Math.Floor(position);
            var upper = Math.Min(sorted.Count - 1, lower + 1);
            return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
        }

        private static string VerdictName(GuardrailVerdict verdict) => verdict switch
        {
            GuardrailVerdict.Allow => "allow",
            GuardrailVerdict.Clamp => "clamp",
            GuardrailVerdict.Block => "block",
            _ => "require_approval",
        };

        private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

        private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
    }
}
