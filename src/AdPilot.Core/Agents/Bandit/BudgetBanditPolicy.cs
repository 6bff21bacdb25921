using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;

namespace AdPilot.Core.Agents.Bandit;

/// <summary>
/// A contextual bandit over daily budget moves. For each ad set it keeps a Bayesian linear model of the day's profit
/// (relative to the starting budget) as a quadratic in the log budget level — a concave response curve it learns from
/// its own days — and once a day picks the move whose budget maximises profit under one posterior draw (Thompson
/// sampling). Moves stay under each platform's learning threshold. With enough evidence that no reachable budget makes
/// a profit, it pauses the ad set; when the running creative's observed CTR has worn well below its peak, it rotates to
/// the creative that has rested longest. Everything it reads is what the platforms and Shopify report.
/// </summary>
/// <param name="options">The hyperparameters; the defaults when null.</param>
public sealed class BudgetBanditPolicy(BudgetBanditOptions? options = null) : IPolicy
{
    private const int Features = 3;
    private const int CreativeCount = 4;

    private readonly BudgetBanditOptions _options = options ?? new BudgetBanditOptions();
    private PolicyContext? _context;
    private BayesianLinearRegression[] _models = [];
    private double[] _dayProfit = [];
    private double[] _dayLogBudget = [];
    private int[] _dayHours = [];
    private int[] _days = [];
    private double[] _peakCtr = [];
    private int[] _creativeHours = [];
    private int[][] _lastUsed = [];
    private Rng _rng;

    /// <inheritdoc />
    public string Name => "bandit";

    /// <inheritdoc />
    public void Reset(PolicyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        var n = context.AdSets.Count;
        _models = Enumerable.Range(0, n).Select(_ => new BayesianLinearRegression(Features, _options.Model)).ToArray();
        _dayProfit = new double[n];
        _dayLogBudget = new double[n];
        _dayHours = new int[n];
        _days = new int[n];
        _peakCtr = new double[n];
        _creativeHours = new int[n];
        _lastUsed = Enumerable.Range(0, n).Select(_ => Enumerable.Repeat(-24 * 30, CreativeCount).ToArray()).ToArray();
        _rng = Rng.ForStream(context.Seed, 0xBA4D17);
    }

    /// <inheritdoc />
    public void Decide(DecisionContext decision, Span<AdAction> actions, Span<double> propensities)
    {
        var context = _context ?? throw new InvalidOperationException("Reset must be called before Decide");
        Span<double> x = stackalloc double[Features];
        Span<double> w = stackalloc double[Features];
        Span<int> chosenCounts = stackalloc int[8];
        for (var i = 0; i < decision.States.Length; i++)
        {
            var state = decision.States[i];
            actions[i] = AdAction.Keep(state);
            propensities[i] = 1;
            if (state.HourOfDay != _options.DecisionHour || state.Status == AdSetStatus.Paused)
            {
                continue;
            }

            var adSet = context.AdSets[i];
            var moves = state.Platform == Platform.TikTok ? _options.TikTokMoves : _options.InstagramMoves;
            if (_days[i] >= _options.PauseAfterDays && ExpectedBest(_models[i], moves, state.CurrentBudget, adSet, x) < 0)
            {
                actions[i] = actions[i] with { Status = AdSetStatus.Paused };
                continue;
            }

            _models[i].SampleWeights(ref _rng, w);
            var chosen = BestMove(w, moves, state.CurrentBudget, adSet, x, out _);

            // The propensity of the chosen move: how often independent posterior draws choose it (add-one smoothed).
            var counts = chosenCounts[..moves.Count];
            counts.Clear();
            for (var d = 0; d < _options.PropensityDraws; d++)
            {
                _models[i].SampleWeights(ref _rng, w);
                counts[BestMove(w, moves, state.CurrentBudget, adSet, x, out _)]++;
            }

            // Propose the budget the move reaches within the ad set's range, so the limits never have to step in.
            var target = Math.Clamp(state.CurrentBudget * (1 + moves[chosen]), adSet.MinDailyBudget, adSet.MaxDailyBudget);
            var limit = context.Limits.MaxHourlyBudgetChange;
            var adjustment = state.CurrentBudget > 0 ? Math.Clamp((target / state.CurrentBudget) - 1, -limit, limit) : 0;
            actions[i] = AdAction.AdjustBudget(state, adjustment) with { CreativeType = CreativeToRun(i, state) };
            propensities[i] = (counts[chosen] + 1.0) / (_options.PropensityDraws + moves.Count);
        }
    }

    /// <inheritdoc />
    public void Observe(Transition transition)
    {
        var context = _context ?? throw new InvalidOperationException("Reset must be called before Observe");
        Span<double> x = stackalloc double[Features];
        for (var i = 0; i < transition.Rewards.Length; i++)
        {
            var adSet = context.AdSets[i];
            var next = transition.NextStates[i];
            TrackCreative(i, transition.States[i], next, transition.HourIndex);
            _dayProfit[i] += transition.Rewards[i].Profit;
            _dayLogBudget[i] += LogLevel(transition.Info[i].DailyBudget, adSet);
            _dayHours[i]++;
            if (next.HourOfDay != _options.DecisionHour)
            {
                continue;
            }

            // A local day ended: one observation of (average budget level, the day's profit scaled by the starting budget).
            if (_dayHours[i] >= 12 && transition.States[i].Status == AdSetStatus.Active)
            {
                Encode(_dayLogBudget[i] / _dayHours[i], x);
                _models[i].Update(x, _dayProfit[i] / adSet.StartingDailyBudget * 24 / _dayHours[i]);
                _days[i]++;
            }

            _dayProfit[i] = 0;
            _dayLogBudget[i] = 0;
            _dayHours[i] = 0;
        }
    }

    private void TrackCreative(int i, in AdEnvironmentState before, in AdEnvironmentState after, int hourIndex)
    {
        if (after.CreativeType != before.CreativeType)
        {
            _lastUsed[i][(int)before.CreativeType] = hourIndex;
            _peakCtr[i] = 0;
            _creativeHours[i] = 0;
            return;
        }

        _creativeHours[i]++;
        _peakCtr[i] = Math.Max(_peakCtr[i], after.HistoricalCtr);
    }

    /// <summary>The current creative, or the most-rested other one once the current one's CTR has worn below its peak.</summary>
    private CreativeType CreativeToRun(int i, in AdEnvironmentState state)
    {
        var worn = _creativeHours[i] >= _options.MinHoursPerCreative
            && state.HistoricalCtr < (1 - _options.RotateWhenCtrFalls) * _peakCtr[i];
        if (!worn)
        {
            return state.CreativeType;
        }

        var rested = state.CreativeType;
        var oldest = int.MaxValue;
        for (var c = 0; c < CreativeCount; c++)
        {
            if (c != (int)state.CreativeType && _lastUsed[i][c] < oldest)
            {
                oldest = _lastUsed[i][c];
                rested = (CreativeType)c;
            }
        }

        return rested;
    }

    private static double ExpectedBest(BayesianLinearRegression model, IReadOnlyList<double> moves, double budget, AdSetDescriptor adSet, Span<double> x)
    {
        BestMove(model.PosteriorMean, moves, budget, adSet, x, out var score);
        return score;
    }

    private static int BestMove(ReadOnlySpan<double> w, IReadOnlyList<double> moves, double budget, AdSetDescriptor adSet, Span<double> x, out double bestScore)
    {
        var best = 0;
        bestScore = double.NegativeInfinity;
        for (var m = 0; m < moves.Count; m++)
        {
            var next = Math.Clamp(budget * (1 + moves[m]), adSet.MinDailyBudget, adSet.MaxDailyBudget);
            Encode(LogLevel(next, adSet), x);
            var score = (w[0] * x[0]) + (w[1] * x[1]) + (w[2] * x[2]);
            if (score > bestScore)
            {
                best = m;
                bestScore = score;
            }
        }

        return best;
    }

    private static double LogLevel(double budget, AdSetDescriptor adSet) =>
        Math.Log(Math.Max(budget, 1e-9) / Math.Max(adSet.StartingDailyBudget, 1e-9));

    private static void Encode(double logLevel, Span<double> x)
    {
        x[0] = 1;
        x[1] = logLevel;
        x[2] = logLevel * logLevel;
    }
}
