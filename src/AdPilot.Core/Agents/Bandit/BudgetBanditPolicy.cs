using System.Globalization;
using System.Text.Json;
using AdPilot.Core.Agents.Checkpoints;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;

namespace AdPilot.Core.Agents.Bandit;

/// <summary>
/// A contextual bandit over daily budget moves. For each ad set it keeps a Bayesian linear model of the day's profit
/// (relative to the starting budget) as a quadratic in the log budget level plus the share of the day spent in the
/// learning phase — a concave response curve it learns from its own days — and once a day picks the move whose budget
/// maximises profit under one posterior draw (Thompson sampling). With enough evidence that no reachable budget makes a
/// profit, it pauses the ad set; when the running creative's CTR has worn well below its fresh level, it rotates to the
/// creative it expects to click best. Everything it reads is what the platforms and Shopify report.
/// </summary>
/// <remarks>
/// Across episodes it keeps a family prior, learned from its own training episodes: which creative groups click best on
/// each platform, a regression from an ad set's first-day observables (margin ROAS, CPM, platform, learning share) to
/// the budget level its episode found best, and the typical curvature of the response and cost of a learning day. A
/// warm-started ad set starts on the family's best creative, and after its first day its response curve is centred on
/// the predicted level; it then may jump past the learning threshold when the family's learning cost says it pays.
/// Without a prior (<c>new BudgetBanditPolicy()</c>) it learns each store from scratch with moves under the threshold.
/// </remarks>
public sealed class BudgetBanditPolicy : ILearningAgent
{
    /// <summary>The version of the bandit's checkpoint layout.</summary>
    public const int CheckpointVersion = 1;

    private const int Dimension = 4;
    private const int CreativeCount = 4;
    private const int FreshHours = 48;
    private const double RecentDecay = 0.971_532; // 2^(-1/24): a one-day half-life for the running creative's CTR

    private readonly BudgetBanditOptions _options;
    private readonly ulong _seed;
    private readonly BanditFamilyPrior _prior;
    private PolicyContext? _context;
    private AdSet[] _adSets = [];
    private double _episodeRevenue;
    private double _episodeCogs;
    private long _updates;
    private Rng _rng;

    /// <summary>Initializes a new instance of the <see cref="BudgetBanditPolicy"/> class with no family prior.</summary>
    /// <param name="options">The hyperparameters; the defaults when null.</param>
    /// <param name="seed">The seed mixed into each episode's exploration.</param>
    public BudgetBanditPolicy(BudgetBanditOptions? options = null, ulong seed = 0)
        : this(options ?? new BudgetBanditOptions(), seed, new BanditFamilyPrior())
    {
    }

    private BudgetBanditPolicy(BudgetBanditOptions options, ulong seed, BanditFamilyPrior prior)
    {
        _options = options;
        _seed = seed;
        _prior = prior;
    }

    /// <inheritdoc />
    public string Name => "bandit";

    /// <inheritdoc />
    public string Kind => "bandit";

    /// <inheritdoc />
    /// <remarks>In training the bandit tries creatives at random at the start of an episode and feeds each finished episode into its family prior.</remarks>
    public bool Training { get; set; } = true;

    /// <inheritdoc />
    public AgentMetrics Metrics => new(_updates, TableSize: (long)_prior.LabelledAdSets);

    /// <summary>Gets the options.</summary>
    public BudgetBanditOptions Options => _options;

    private bool PriorReady => _prior.LabelledAdSets >= _options.MinPriorAdSets && _prior.Curvature > 0;

    /// <summary>Loads a bandit with its family prior from a checkpoint.</summary>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <returns>The bandit, in training.</returns>
    /// <exception cref="CheckpointException">The checkpoint is not a bandit's of this version, or its options or tensors do not fit.</exception>
    public static BudgetBanditPolicy FromCheckpoint(Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (checkpoint.AgentKind != "bandit")
        {
            throw new CheckpointException(CheckpointError.AgentKindMismatch, $"the checkpoint holds an agent of kind '{checkpoint.AgentKind}', not a bandit");
        }

        if (checkpoint.AgentVersion != CheckpointVersion)
        {
            throw new CheckpointException(
                CheckpointError.UnsupportedVersion,
                $"the checkpoint holds a bandit of version {checkpoint.AgentVersion}; this version reads version {CheckpointVersion}");
        }

        BudgetBanditOptions options;
        try
        {
            options = JsonSerializer.Deserialize(checkpoint.OptionsJson, BanditJsonContext.Default.BudgetBanditOptions)
                ?? throw new JsonException("the options are null");
        }
        catch (JsonException e)
        {
            throw new CheckpointException(CheckpointError.InvalidManifest, $"the bandit's options in the checkpoint are invalid: {e.Message}", e);
        }

        var seed = checkpoint.Metadata.TryGetValue("bandit.seed", out var text) && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
        return new BudgetBanditPolicy(options, seed, BanditFamilyPrior.FromCheckpoint(checkpoint));
    }

    /// <inheritdoc />
    /// <remarks>In training, the episode that ends here is first added to the family prior.</remarks>
    public Checkpoint ToCheckpoint(string runId, DateTimeOffset createdAt, IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        LearnFromEpisode();
        var all = new Dictionary<string, string>(metadata, StringComparer.Ordinal)
        {
            ["bandit.seed"] = _seed.ToString(CultureInfo.InvariantCulture),
        };
        return new Checkpoint
        {
            AgentKind = Kind,
            AgentVersion = CheckpointVersion,
            CreatedAt = createdAt,
            RunId = runId,
            Metadata = all,
            OptionsJson = JsonSerializer.Serialize(_options, BanditJsonContext.Default.BudgetBanditOptions),
            Tensors = [.. _prior.ToTensors()],
        };
    }

    /// <inheritdoc />
    public void Reset(PolicyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        LearnFromEpisode();
        _context = context;
        _adSets = context.AdSets.Select(_ => new AdSet()).ToArray();
        _episodeRevenue = 0;
        _episodeCogs = 0;
        _rng = Rng.ForStream(context.Seed, 0xBA4D17, _seed);
    }

    /// <inheritdoc />
    public void Decide(DecisionContext decision, Span<AdAction> actions, Span<double> propensities)
    {
        var context = _context ?? throw new InvalidOperationException("Reset must be called before Decide");
        Span<double> x = stackalloc double[Dimension];
        Span<double> w = stackalloc double[Dimension];
        Span<int> chosenCounts = stackalloc int[16];
        var limit = context.Limits.MaxHourlyBudgetChange;
        for (var i = 0; i < decision.States.Length; i++)
        {
            var state = decision.States[i];
            var a = _adSets[i];
            actions[i] = AdAction.Keep(state);
            propensities[i] = 1;
            if (state.Status == AdSetStatus.Paused)
            {
                continue;
            }

            if (decision.HourIndex == 0)
            {
                actions[i] = actions[i] with { CreativeType = FirstCreative(state) };
            }

            if (state.HourOfDay != _options.DecisionHour)
            {
                // A jump past the hourly limit continues towards the day's target.
                if (a.Target > 0 && state.CurrentBudget > 0 && Math.Abs((a.Target / state.CurrentBudget) - 1) > 1e-3)
                {
                    actions[i] = actions[i] with { BudgetAdjustment = Math.Clamp((a.Target / state.CurrentBudget) - 1, -limit * 0.999, limit * 0.999) };
                }

                continue;
            }

            var adSet = context.AdSets[i];
            var moves = Moves(state.Platform, a.Warm);
            var pauseAfter = a.Warm ? _options.WarmPauseAfterDays : _options.PauseAfterDays;
            if (a.Days >= pauseAfter && ExpectedBest(a, moves, state, adSet, x, w) < 0)
            {
                actions[i] = actions[i] with { Status = AdSetStatus.Paused };
                continue;
            }

            a.SampleWeights(ref _rng, w);
            var chosen = BestMove(w, moves, state, adSet, x, out _);

            // The propensity of the chosen move: how often independent posterior draws choose it (add-one smoothed).
            var counts = chosenCounts[..moves.Count];
            counts.Clear();
            for (var d = 0; d < _options.PropensityDraws; d++)
            {
                a.SampleWeights(ref _rng, w);
                counts[BestMove(w, moves, state, adSet, x, out _)]++;
            }

            // Propose the budget the move reaches within the ad set's range, so the limits never have to step in.
            var target = Math.Clamp(state.CurrentBudget * (1 + moves[chosen]), adSet.MinDailyBudget, adSet.MaxDailyBudget);
            a.Target = target;
            var adjustment = state.CurrentBudget > 0 ? Math.Clamp((target / state.CurrentBudget) - 1, -limit * 0.999, limit * 0.999) : 0;
            var creative = decision.HourIndex == 0 ? actions[i].CreativeType : CreativeToRun(a, state, context.Limits, decision.HourIndex);
            actions[i] = actions[i] with { BudgetAdjustment = Math.Abs(adjustment) < 1e-9 ? 0 : adjustment, CreativeType = creative };
            propensities[i] = (counts[chosen] + 1.0) / (_options.PropensityDraws + moves.Count);
        }
    }

    /// <inheritdoc />
    public void Observe(Transition transition)
    {
        var context = _context ?? throw new InvalidOperationException("Reset must be called before Observe");
        Span<double> x = stackalloc double[Dimension];
        for (var i = 0; i < transition.Rewards.Length; i++)
        {
            var adSet = context.AdSets[i];
            var a = _adSets[i];
            var next = transition.NextStates[i];
            var info = transition.Info[i];
            var reward = transition.Rewards[i];
            _episodeRevenue += reward.Revenue;
            _episodeCogs += reward.Cogs;
            TrackCreative(a, transition.States[i], next, info, transition.HourIndex);
            a.DayProfit += reward.Profit;
            a.DayRevenue += reward.Revenue;
            a.DaySpend += info.Spend;
            a.DayImpressions += info.Impressions;
            a.DayLogBudget += LogLevel(info.DailyBudget, adSet);
            a.DayLearningHours += info.InLearningPhase ? 1 : 0;
            a.DayHours++;
            if (next.HourOfDay != _options.DecisionHour)
            {
                continue;
            }

            // A local day ended: one observation of (average budget level, learning share, the day's profit scaled by the starting budget).
            if (a.DayHours >= 12 && transition.States[i].Status == AdSetStatus.Active)
            {
                var level = a.DayLogBudget / a.DayHours;
                var learning = (double)a.DayLearningHours / a.DayHours;
                var y = a.DayProfit / adSet.StartingDailyBudget * 24 / a.DayHours;
                a.MinLevel = Math.Min(a.MinLevel, level);
                a.MaxLevel = Math.Max(a.MaxLevel, level);
                if (a.Days == 0)
                {
                    FirstDay(a, adSet, transition.States[i].Platform, level, learning, y);
                }

                Encode(level, learning, x);
                a.Update(x, y);
                a.Days++;
                _updates++;
            }

            a.DayProfit = 0;
            a.DayRevenue = 0;
            a.DaySpend = 0;
            a.DayImpressions = 0;
            a.DayLogBudget = 0;
            a.DayLearningHours = 0;
            a.DayHours = 0;
        }
    }

    /// <summary>At the end of an ad set's first day: its features for the family prior, and a warm start when the prior is ready.</summary>
    private void FirstDay(AdSet a, AdSetDescriptor adSet, Platform platform, double level, double learning, double y)
    {
        var margin = _episodeRevenue > 0 ? 1 - (_episodeCogs / _episodeRevenue) : 0.5;
        var roas = a.DaySpend > 0 ? margin * a.DayRevenue / a.DaySpend : 0;
        var logRoas = Math.Log(Math.Max(roas, 0.01));
        var cpm = a.DayImpressions > 0 ? a.DaySpend * 1000 / a.DayImpressions : 1;
        a.Scale = Math.Max(margin * a.DayRevenue / adSet.StartingDailyBudget * 24 / a.DayHours, 0.05);
        a.Features = [1, logRoas, logRoas * logRoas, platform == Platform.TikTok ? 1 : 0, learning, Math.Log(Math.Max(cpm, 0.01))];
        if (!PriorReady)
        {
            return;
        }

        var lowest = LogLevel(adSet.MinDailyBudget, adSet);
        var highest = LogLevel(adSet.MaxDailyBudget, adSet);
        var best = Math.Clamp(_prior.Target.Predict(a.Features), lowest, highest);
        var kappa = _prior.Curvature * a.Scale;
        var cost = Math.Min(0, _prior.LearningCost * a.Scale);

        // A quadratic peaking at the predicted level, through the first day's profit.
        var w1 = 2 * kappa * best;
        var w0 = y - (w1 * level) + (kappa * level * level) - (cost * learning);
        a.Warm = true;
        a.Model = new BayesianLinearRegression(Dimension, _options.Model with { PriorPrecision = _options.WarmPriorPrecision });
        a.PriorMean = [w0, w1, -kappa, cost];
    }

    /// <summary>Feeds the ad sets of the episode that ended into the family prior (training only, once per episode).</summary>
    private void LearnFromEpisode()
    {
        var context = _context;
        if (context is null || !Training)
        {
            return;
        }

        Span<double> mean = stackalloc double[Dimension];
        Span<double> x = stackalloc double[Dimension];
        for (var i = 0; i < _adSets.Length; i++)
        {
            var a = _adSets[i];
            foreach (var (creative, logCtr) in a.FreshRuns)
            {
                _prior.RecordCreative(a.Platform, creative, logCtr);
            }

            if (a.Features is null || (a.Days < 10 && !a.Paused))
            {
                continue;
            }

            var adSet = context.AdSets[i];
            var lowest = LogLevel(adSet.MinDailyBudget, adSet);
            var highest = LogLevel(adSet.MaxDailyBudget, adSet);
            a.Mean(mean);
            double label;
            if (a.Paused)
            {
                label = lowest;
            }
            else
            {
                var from = Math.Max(lowest, a.MinLevel - 0.3);
                var to = Math.Min(highest, a.MaxLevel + 0.3);
                label = from;
                var bestValue = double.NegativeInfinity;
                for (var l = from; l <= to; l += 0.02)
                {
                    Encode(l, 0, x);
                    var value = Dot(mean, x);
                    if (value > bestValue)
                    {
                        bestValue = value;
                        label = l;
                    }
                }

                if (a.MaxLevel - a.MinLevel > 0.3 && mean[2] < 0)
                {
                    _prior.RecordCurve(-mean[2] / a.Scale, Math.Min(0, mean[3]) / a.Scale);
                }
            }

            _prior.Target.Update(a.Features, label);
        }

        _adSets = [];
        _context = null;
    }

    private IReadOnlyList<double> Moves(Platform platform, bool warm)
    {
        var moves = platform == Platform.TikTok ? _options.TikTokMoves : _options.InstagramMoves;
        return warm ? [.. moves, .. _options.JumpMoves] : moves;
    }

    private double ExpectedBest(AdSet a, IReadOnlyList<double> moves, in AdEnvironmentState state, AdSetDescriptor adSet, Span<double> x, Span<double> w)
    {
        a.Mean(w);
        BestMove(w, moves, state, adSet, x, out var score);
        return score;
    }

    /// <summary>The move whose next budget has the best value under weights <paramref name="w"/>; a jump past the learning threshold pays its learning days.</summary>
    private int BestMove(ReadOnlySpan<double> w, IReadOnlyList<double> moves, in AdEnvironmentState state, AdSetDescriptor adSet, Span<double> x, out double bestScore)
    {
        var threshold = state.Platform == Platform.TikTok ? 0.30 : 0.20;
        var best = 0;
        bestScore = double.NegativeInfinity;
        for (var m = 0; m < moves.Count; m++)
        {
            var next = Math.Clamp(state.CurrentBudget * (1 + moves[m]), adSet.MinDailyBudget, adSet.MaxDailyBudget);
            Encode(LogLevel(next, adSet), 0, x);
            var score = Dot(w, x);
            if (Math.Abs((next / Math.Max(state.CurrentBudget, 1e-9)) - 1) > threshold)
            {
                score += w[3] * _options.JumpLearningDays / _options.JumpHorizonDays;
            }

            if (score > bestScore)
            {
                best = m;
                bestScore = score;
            }
        }

        return best;
    }

    /// <summary>The creative of the episode's first hour: in training a random one, after training the family's best.</summary>
    private CreativeType FirstCreative(in AdEnvironmentState state)
    {
        if (Training)
        {
            return (CreativeType)_rng.NextInt(CreativeCount);
        }

        var current = state.CreativeType;
        var best = current;
        var bestLift = _prior.Lift(state.Platform, current, _options.MinCreativeRuns) + Math.Log(1 + _options.CreativeSwitchMargin);
        for (var c = 0; c < CreativeCount; c++)
        {
            var lift = _prior.Lift(state.Platform, (CreativeType)c, _options.MinCreativeRuns);
            if (lift > bestLift)
            {
                best = (CreativeType)c;
                bestLift = lift;
            }
        }

        return best;
    }

    private void TrackCreative(AdSet a, in AdEnvironmentState before, in AdEnvironmentState after, in AdSetHourInfo info, int hourIndex)
    {
        a.Platform = before.Platform;
        if (after.CreativeType != before.CreativeType || hourIndex == 0)
        {
            if (after.CreativeType != before.CreativeType)
            {
                a.CloseRun(before.CreativeType, hourIndex);
            }

            a.RunHours = 0;
            a.RunClicks = 0;
            a.RunImpressions = 0;
            a.RecentClicks = 0;
            a.RecentImpressions = 0;
        }

        a.RunHours++;
        a.RecentClicks = (a.RecentClicks * RecentDecay) + info.Clicks;
        a.RecentImpressions = (a.RecentImpressions * RecentDecay) + info.Impressions;
        if (a.RunHours <= FreshHours)
        {
            a.RunClicks += info.Clicks;
            a.RunImpressions += info.Impressions;
            if (a.RunHours == FreshHours && a.RunImpressions >= 500 && a.RunClicks > 0)
            {
                var c = (int)after.CreativeType;
                a.FreshCtr[c] = (double)a.RunClicks / a.RunImpressions;
                a.FreshRuns.Add((after.CreativeType, Math.Log(a.FreshCtr[c])));
            }
        }

        a.Paused = after.Status == AdSetStatus.Paused;
    }

    /// <summary>The current creative, or the one expected to click best once the current one has worn below its fresh CTR.</summary>
    private CreativeType CreativeToRun(AdSet a, in AdEnvironmentState state, ActionLimits limits, int hourIndex)
    {
        var current = (int)state.CreativeType;
        var fresh = a.FreshCtr[current];
        if (a.RunHours < Math.Max(_options.MinHoursPerCreative, limits.MinHoursBetweenCreativeRotations) || fresh <= 0 || a.RecentImpressions < 100)
        {
            return state.CreativeType;
        }

        var recent = a.RecentClicks / a.RecentImpressions;
        if (recent >= (1 - _options.RotateWhenCtrFalls) * fresh)
        {
            return state.CreativeType;
        }

        var currentLift = _prior.Lift(state.Platform, state.CreativeType, _options.MinCreativeRuns);
        var best = state.CreativeType;
        var bestCtr = recent * (1 + _options.CreativeSwitchMargin);
        for (var c = 0; c < CreativeCount; c++)
        {
            if (c == current)
            {
                continue;
            }

            double expected;
            if (a.FreshCtr[c] > 0)
            {
                // A rested creative recovers its wear with time.
                var rest = hourIndex - a.LastUsed[c];
                expected = a.FreshCtr[c] * (1 - ((1 - a.WornRatio[c]) * Math.Exp(-rest / _options.CreativeRecoveryHours)));
            }
            else
            {
                expected = fresh * Math.Exp(_prior.Lift(state.Platform, (CreativeType)c, _options.MinCreativeRuns) - currentLift);
            }

            if (expected > bestCtr)
            {
                best = (CreativeType)c;
                bestCtr = expected;
            }
        }

        return best;
    }

    private static double LogLevel(double budget, AdSetDescriptor adSet) =>
        Math.Log(Math.Max(budget, 1e-9) / Math.Max(adSet.StartingDailyBudget, 1e-9));

    private static void Encode(double logLevel, double learning, Span<double> x)
    {
        x[0] = 1;
        x[1] = logLevel;
        x[2] = logLevel * logLevel;
        x[3] = learning;
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sum = 0.0;
        for (var k = 0; k < a.Length; k++)
        {
            sum += a[k] * b[k];
        }

        return sum;
    }

    /// <summary>One ad set's evidence in the current episode.</summary>
    private sealed class AdSet
    {
        public BayesianLinearRegression Model { get; set; } = new(Dimension, new BayesianLinearRegressionOptions());

        /// <summary>Gets or sets the prior mean of the weights; the model learns the residual around it.</summary>
        public double[] PriorMean { get; set; } = new double[Dimension];

        public bool Warm { get; set; }

        public double[]? Features { get; set; }

        public double Scale { get; set; } = 1;

        public double Target { get; set; }

        public int Days { get; set; }

        public bool Paused { get; set; }

        public Platform Platform { get; set; }

        public double MinLevel { get; set; } = double.PositiveInfinity;

        public double MaxLevel { get; set; } = double.NegativeInfinity;

        public double DayProfit { get; set; }

        public double DayRevenue { get; set; }

        public double DaySpend { get; set; }

        public double DayImpressions { get; set; }

        public double DayLogBudget { get; set; }

        public int DayLearningHours { get; set; }

        public int DayHours { get; set; }

        public int RunHours { get; set; }

        public long RunClicks { get; set; }

        public long RunImpressions { get; set; }

        public double RecentClicks { get; set; }

        public double RecentImpressions { get; set; }

        public double[] FreshCtr { get; } = new double[CreativeCount];

        public double[] WornRatio { get; } = [1, 1, 1, 1];

        public int[] LastUsed { get; } = [-720, -720, -720, -720];

        public List<(CreativeType Creative, double LogCtr)> FreshRuns { get; } = [];

        public void CloseRun(CreativeType creative, int hourIndex)
        {
            var c = (int)creative;
            LastUsed[c] = hourIndex;
            if (FreshCtr[c] > 0 && RecentImpressions > 0)
            {
                WornRatio[c] = Math.Clamp(RecentClicks / RecentImpressions / FreshCtr[c], 0, 1);
            }
        }

        public void Update(ReadOnlySpan<double> x, double y)
        {
            Model.Update(x, y - Dot(PriorMean, x));
        }

        public void Mean(Span<double> w)
        {
            var mean = Model.PosteriorMean;
            for (var k = 0; k < w.Length; k++)
            {
                w[k] = PriorMean[k] + mean[k];
            }
        }

        public void SampleWeights(ref Rng rng, Span<double> w)
        {
            Model.SampleWeights(ref rng, w);
            for (var k = 0; k < w.Length; k++)
            {
                w[k] += PriorMean[k];
            }
        }
    }
}
