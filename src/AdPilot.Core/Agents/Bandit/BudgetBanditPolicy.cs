using System.Globalization;
using System.Text.Json;
using AdPilot.Core.Agents.Checkpoints;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;

namespace AdPilot.Core.Agents.Bandit;

/// <summary>
/// A contextual bandit over daily budget moves. Daily profit is too noisy to learn a response curve from in a month
/// (a few orders a day, order values spread widely), so the bandit learns its parts: for each ad set a Bayesian model of
/// the delivery curve — log daily impressions as a quadratic in log daily spend, from the platform's high-count reports —
/// and, pooled over every hour whatever the budget, the revenue per click and the running creative's CTR. Once a day it
/// draws the curve and the revenue per click from their posteriors and picks the move whose budget maximises the
/// day's profit under that draw (Thompson sampling); a move past the platform's learning threshold pays the learning
/// days it starts. With evidence that no reachable budget makes a profit, it pauses the ad set; when the running
/// creative's CTR has worn well below its fresh level, it rotates to the creative it expects to click best. When a cost
/// cap or bid cap has held an ad set's spend well under its budget for two full days, it can switch the ad set to
/// lowest-cost bidding with the budget held that day (<see cref="BudgetBanditOptions.SwitchThrottledCaps"/>, off by
/// default). Everything it reads is what the platforms and Shopify report.
/// </summary>
/// <remarks>
/// Across episodes it keeps a family prior, learned from its own training episodes (see <see cref="ILearningAgent"/>):
/// which creative groups click best on each platform, the typical delivery curve per platform, and how much less a
/// click earns in the learning phase. A warm-started ad set starts on the family's best creative and its curve starts
/// at the family's. Without a prior (<c>new BudgetBanditPolicy()</c>) it starts each ad set from generic defaults.
/// </remarks>
public sealed class BudgetBanditPolicy : ILearningAgent, IActionProbabilities
{
    /// <summary>The version of the bandit's checkpoint layout.</summary>
    public const int CheckpointVersion = 1;

    private const int Dimension = 3;
    private const int CreativeCount = 4;
    private const int FreshHours = 48;
    private const double RecentDecay = 0.971_532; // 2^(-1/24): a one-day half-life for the running creative's CTR
    private const ulong ProbabilityStream = 0x0FF_B01C7;

    private readonly BudgetBanditOptions _options;
    private readonly ulong _seed;
    private readonly BanditFamilyPrior _prior;
    private readonly double[] _instagramMoves;
    private readonly double[] _tikTokMoves;
    private PolicyContext? _context;
    private AdSet[] _adSets = [];
    private double _storeRevenue;
    private double _storeCogs;
    private double _storeOrders;
    private long _updates;
    private Rng _rng;
    private readonly List<WeightedAction> _probe = [];

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
        _instagramMoves = [.. options.InstagramMoves, .. options.JumpMoves];
        _tikTokMoves = [.. options.TikTokMoves, .. options.JumpMoves];
    }

    /// <inheritdoc />
    public string Name => "bandit";

    /// <inheritdoc />
    public string Kind => "bandit";

    /// <inheritdoc />
    /// <remarks>In training the bandit tries creatives at random at the start of an episode and feeds each finished episode into its family prior.</remarks>
    public bool Training { get; set; } = true;

    /// <inheritdoc />
    public AgentMetrics Metrics => new(_updates, TableSize: (long)(_prior.CurveAdSets + _prior.CreativeRuns));

    /// <summary>Gets the options.</summary>
    public BudgetBanditOptions Options => _options;

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
    /// <remarks>
    /// In training, the checkpoint's prior includes the running episode so far; the agent's own prior takes the episode in
    /// whole at the next <see cref="Reset"/>, and the episode carries on.
    /// </remarks>
    public Checkpoint ToCheckpoint(string runId, DateTimeOffset createdAt, IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var prior = _prior;
        if (Training && _context is not null)
        {
            prior = _prior.Clone();
            Fold(prior);
        }

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
            Tensors = [.. prior.ToTensors()],
        };
    }

    /// <inheritdoc />
    public void Reset(PolicyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        LearnFromEpisode();
        _context = context;
        _adSets = context.AdSets.Select(_ => new AdSet()).ToArray();
        _storeRevenue = 0;
        _storeCogs = 0;
        _storeOrders = 0;
        _rng = Rng.ForStream(context.Seed, 0xBA4D17, _seed);
    }

    /// <inheritdoc />
    public void Decide(DecisionContext decision, Span<AdAction> actions, Span<double> propensities)
    {
        var context = _context ?? throw new InvalidOperationException("Reset must be called before Decide");
        Span<double> w = stackalloc double[Dimension];
        var mostMoves = Math.Max(_instagramMoves.Length, _tikTokMoves.Length);
        Span<int> chosenCounts = mostMoves <= 64 ? stackalloc int[64] : new int[mostMoves];
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

            var adSet = context.AdSets[i];
            switch (Plan(state, a, adSet))
            {
                case Step.Switch:
                    // A deterministic rule, so propensity 1: the switch restarts learning, and a budget move the same day
                    // would be judged on a curve the cap bent.
                    a.ThrottledDays = 0;
                    a.Target = state.CurrentBudget;
                    actions[i] = actions[i] with { BudgetAdjustment = 0, BidStrategy = BidStrategy.LowestCost };
                    continue;
                case Step.Continue:
                    // A jump past the hourly limit continues towards the day's target.
                    actions[i] = actions[i] with { BudgetAdjustment = Continuation(state, a.Target, limit) };
                    continue;
                case Step.Pause:
                    actions[i] = actions[i] with { Status = AdSetStatus.Paused };
                    continue;
                case Step.Choose:
                    break;
                default:
                    continue;
            }

            var moves = Moves(state.Platform);
            a.Sample(ref _rng, w);
            Value(a, w, a.SampleRevenuePerClick(ref _rng, StoreOrderValue, LearningRatio), moves, state, adSet, out var chosen);

            // The propensity of the chosen move: how often independent posterior draws choose it (add-one smoothed).
            var counts = chosenCounts[..moves.Length];
            counts.Clear();
            for (var d = 0; d < _options.PropensityDraws; d++)
            {
                a.Sample(ref _rng, w);
                Value(a, w, a.SampleRevenuePerClick(ref _rng, StoreOrderValue, LearningRatio), moves, state, adSet, out var drawn);
                counts[drawn]++;
            }

            // Propose the budget the move reaches within the ad set's range, so the limits never have to step in.
            a.Target = MoveTarget(state, adSet, moves[chosen]);
            var creative = decision.HourIndex == 0 ? actions[i].CreativeType : CreativeToRun(a, state, context.Limits, decision.HourIndex);
            actions[i] = actions[i] with { BudgetAdjustment = MoveAdjustment(state, a.Target, limit), CreativeType = creative };
            propensities[i] = (counts[chosen] + 1.0) / (_options.PropensityDraws + moves.Length);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// True: the bandit's proposals rest on each ad set's delivery curve and revenue per click, learned from the episode's
    /// hours, so the replay feeds it the logged transitions; its family prior stays as the checkpoint left it (the prior
    /// grows only in training).
    /// </remarks>
    public bool ReplaysTransitions => true;

    /// <inheritdoc />
    /// <remarks>
    /// At a decision hour the probability of each move is estimated as its logged propensities are: the share of
    /// <see cref="BudgetBanditOptions.PropensityDraws"/> posterior draws that choose it, add-one smoothed (so every move
    /// keeps at least 1 / (draws + moves)); the draws come from a stream of their own, keyed by the seed, the hour and the
    /// ad set, so asking twice gives the same answer and the bandit's own stream is untouched. Moves that reach the same
    /// budget (a jump clamped to the hourly limit, a raise at the budget's maximum) are one action, their probabilities
    /// added. Outside decision hours the continuation towards the day's target is certain given the target, and the
    /// replay keeps every target the logged actions are consistent with (see <see cref="Follow"/>).
    /// </remarks>
    public double ProbabilityOf(DecisionContext decision, int index, in AdAction action)
    {
        ProposalDistribution(decision, index, _probe);
        return ActionEquivalence.ProbabilityOf(_probe, action, decision.States[index].CurrentBudget);
    }

    /// <inheritdoc />
    /// <remarks>The actions keep the state's creative: creative rotation is not part of an action's equivalence.</remarks>
    public void ProposalDistribution(DecisionContext decision, int index, IList<WeightedAction> distribution)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        var context = _context ?? throw new InvalidOperationException("Reset must be called before ProposalDistribution");
        distribution.Clear();
        var state = decision.States[index];
        var a = _adSets[index];
        var adSet = context.AdSets[index];
        var keep = AdAction.Keep(state);
        var limit = context.Limits.MaxHourlyBudgetChange;
        switch (state.Status == AdSetStatus.Paused ? Step.Keep : Plan(state, a, adSet))
        {
            case Step.Switch:
                distribution.Add(new WeightedAction(keep with { BudgetAdjustment = 0, BidStrategy = BidStrategy.LowestCost }, 1));
                break;
            case Step.Pause:
                distribution.Add(new WeightedAction(keep with { Status = AdSetStatus.Paused }, 1));
                break;
            case Step.Continue:
                var total = a.Possible.Count == 0 ? 1 : a.Possible.Sum(p => p.Weight);
                foreach (var (target, weight) in a.Possible.Count == 0 ? [(a.Target, 1.0)] : a.Possible)
                {
                    ActionEquivalence.Add(distribution, keep with { BudgetAdjustment = Continuation(state, target, limit) }, weight / total, state.CurrentBudget);
                }

                break;
            case Step.Choose:
                var moves = Moves(state.Platform);
                var probabilities = MoveProbabilities(decision, index, state, a, adSet, moves);
                for (var m = 0; m < moves.Length; m++)
                {
                    var adjustment = MoveAdjustment(state, MoveTarget(state, adSet, moves[m]), limit);
                    ActionEquivalence.Add(distribution, keep with { BudgetAdjustment = adjustment }, probabilities[m], state.CurrentBudget);
                }

                break;
            default:
                distribution.Add(new WeightedAction(keep, 1));
                break;
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// At a decision hour the day's target becomes the budget of every move whose proposal is equivalent to the logged
    /// action, weighted by its probability (a jump clamped to the hourly limit looks like a smaller move until the next
    /// hours tell them apart); at the hours after, targets whose continuation the logged action contradicts are dropped.
    /// When the log contradicts every target (the replay's probability was 0), the bandit takes the logged budget as its
    /// target. A switch to lowest cost resets the throttled days and holds the budget, as <see cref="Decide"/> does.
    /// </remarks>
    public void Follow(DecisionContext decision, ReadOnlySpan<AdAction> actions)
    {
        var context = _context ?? throw new InvalidOperationException("Reset must be called before Follow");
        var limit = context.Limits.MaxHourlyBudgetChange;
        for (var i = 0; i < decision.States.Length; i++)
        {
            var state = decision.States[i];
            var a = _adSets[i];
            var adSet = context.AdSets[i];
            var logged = actions[i];
            if (state.Status == AdSetStatus.Paused)
            {
                continue;
            }

            switch (Plan(state, a, adSet))
            {
                case Step.Switch:
                    a.ThrottledDays = 0;
                    a.Target = state.CurrentBudget;
                    a.Possible.Clear();
                    break;
                case Step.Continue:
                    if (a.Possible.Count == 0)
                    {
                        a.Possible.Add((a.Target, 1));
                    }

                    a.Possible.RemoveAll(p => !ActionEquivalence.Equivalent(
                        AdAction.Keep(state) with { BudgetAdjustment = Continuation(state, p.Target, limit) }, logged, state.CurrentBudget));
                    Settle(a, state, logged);
                    break;
                case Step.Choose:
                    var moves = Moves(state.Platform);
                    var probabilities = MoveProbabilities(decision, i, state, a, adSet, moves);
                    a.Possible.Clear();
                    for (var m = 0; m < moves.Length; m++)
                    {
                        var target = MoveTarget(state, adSet, moves[m]);
                        var proposal = AdAction.Keep(state) with { BudgetAdjustment = MoveAdjustment(state, target, limit) };
                        if (ActionEquivalence.Equivalent(proposal, logged, state.CurrentBudget))
                        {
                            a.Possible.Add((target, probabilities[m]));
                        }
                    }

                    Settle(a, state, logged);
                    break;
                default:
                    break;
            }
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
            _storeRevenue += reward.Revenue;
            _storeCogs += reward.Cogs;
            _storeOrders += info.ShopifyOrders;
            TrackCreative(a, transition.States[i], next, info, transition.HourIndex);
            TrackLearning(a, info, next, next.Platform);
            a.Observe(info);
            a.DaySpend += info.Spend;
            a.DayImpressions += info.Impressions;
            a.DayBudget += info.DailyBudget / 24;
            a.DayHours++;
            a.DayActiveHours += transition.States[i].Status == AdSetStatus.Active ? 1 : 0;
            if (next.HourOfDay != _options.DecisionHour)
            {
                continue;
            }

            // A full local day (23 to 25 hours across daylight-saving changes) active throughout, spent well under budget.
            var fullDay = a.DayHours >= 23 && a.DayActiveHours == a.DayHours;
            a.ThrottledDays = fullDay && a.DaySpend < _options.ThrottledSpendShare * a.DayBudget ? a.ThrottledDays + 1 : 0;

            // A local day ended: one point of the delivery curve, (log spend, log impressions) per 24 hours.
            if (a.DayHours >= 12 && a.DaySpend > 0 && a.DayImpressions > 0 && transition.States[i].Status == AdSetStatus.Active)
            {
                var spend = Math.Log(a.DaySpend * 24 / a.DayHours);
                var impressions = Math.Log(a.DayImpressions * 24 / a.DayHours);
                if (a.Days == 0)
                {
                    StartCurve(a, next.Platform, spend, impressions);
                }

                var u = spend - a.OriginSpend;
                a.MinLevel = Math.Min(a.MinLevel, u);
                a.MaxLevel = Math.Max(a.MaxLevel, u);
                Encode(u, x);
                a.Update(x, impressions - a.OriginImpressions);
                a.SpendPerBudget = (a.SpendTotal + a.DaySpend) / Math.Max(a.BudgetTotal + a.DayBudget, 1e-9);
                a.LastSpendPerBudget = a.DaySpend / Math.Max(a.DayBudget, 1e-9);
                a.Days++;
                _updates++;
            }

            a.SpendTotal += a.DaySpend;
            a.BudgetTotal += a.DayBudget;
            a.DaySpend = 0;
            a.DayImpressions = 0;
            a.DayBudget = 0;
            a.DayHours = 0;
            a.DayActiveHours = 0;
        }
    }

    /// <summary>What the bandit does for an active ad set this hour, before any draw.</summary>
    private Step Plan(in AdEnvironmentState state, AdSet a, AdSetDescriptor adSet)
    {
        if (_options.SwitchThrottledCaps && state.HourOfDay == _options.DecisionHour && a.ThrottledDays >= 2
            && state.BidStrategy.Kind != BidStrategyKind.LowestCost)
        {
            return Step.Switch;
        }

        if (state.HourOfDay != _options.DecisionHour || a.Days == 0)
        {
            return Step.Continue;
        }

        Span<double> w = stackalloc double[Dimension];
        var pauseAfter = a.Warm ? _options.WarmPauseAfterDays : _options.PauseAfterDays;
        a.Mean(w);
        return a.Days >= pauseAfter && Value(a, w, a.RevenuePerClick(StoreOrderValue, LearningRatio), Moves(state.Platform), state, adSet, out _) < 0
            ? Step.Pause
            : Step.Choose;
    }

    /// <summary>The adjustment that continues towards <paramref name="target"/>: none when the budget is there (or no target is set).</summary>
    private static double Continuation(in AdEnvironmentState state, double target, double limit) =>
        target > 0 && state.CurrentBudget > 0 && Math.Abs((target / state.CurrentBudget) - 1) > 1e-3
            ? Math.Clamp((target / state.CurrentBudget) - 1, -limit * 0.999, limit * 0.999)
            : 0;

    /// <summary>The budget a move reaches within the ad set's range.</summary>
    private static double MoveTarget(in AdEnvironmentState state, AdSetDescriptor adSet, double move) =>
        Math.Clamp(state.CurrentBudget * (1 + move), adSet.MinDailyBudget, adSet.MaxDailyBudget);

    /// <summary>The first hour's adjustment towards a move's target, within the hourly limit.</summary>
    private static double MoveAdjustment(in AdEnvironmentState state, double target, double limit)
    {
        var adjustment = state.CurrentBudget > 0 ? Math.Clamp((target / state.CurrentBudget) - 1, -limit * 0.999, limit * 0.999) : 0;
        return Math.Abs(adjustment) < 1e-9 ? 0 : adjustment;
    }

    /// <summary>
    /// Each move's probability at a decision hour: the add-one smoothed share of posterior draws that choose it, from a
    /// stream keyed by the seed, the hour and the ad set (not the bandit's own).
    /// </summary>
    private double[] MoveProbabilities(DecisionContext decision, int index, in AdEnvironmentState state, AdSet a, AdSetDescriptor adSet, double[] moves)
    {
        var hour = (ulong)(decision.HourStartUtc.ToUnixTimeSeconds() / 3600);
        var rng = Rng.ForStream(_seed, ProbabilityStream ^ hour, (ulong)index);
        Span<double> w = stackalloc double[Dimension];
        var probabilities = new double[moves.Length];
        for (var d = 0; d < _options.PropensityDraws; d++)
        {
            a.Sample(ref rng, w);
            Value(a, w, a.SampleRevenuePerClick(ref rng, StoreOrderValue, LearningRatio), moves, state, adSet, out var drawn);
            probabilities[drawn]++;
        }

        var total = _options.PropensityDraws + moves.Length;
        for (var m = 0; m < moves.Length; m++)
        {
            probabilities[m] = (probabilities[m] + 1) / total;
        }

        return probabilities;
    }

    /// <summary>After following a logged action: the targets it leaves, renormalised, or the logged budget when it left none.</summary>
    private static void Settle(AdSet a, in AdEnvironmentState state, in AdAction logged)
    {
        if (a.Possible.Count == 0)
        {
            a.Possible.Add((state.CurrentBudget * (1 + logged.BudgetAdjustment), 1));
        }

        var total = a.Possible.Sum(p => p.Weight);
        var best = 0;
        for (var k = 0; k < a.Possible.Count; k++)
        {
            a.Possible[k] = (a.Possible[k].Target, total > 0 ? a.Possible[k].Weight / total : 1.0 / a.Possible.Count);
            best = a.Possible[k].Weight > a.Possible[best].Weight ? k : best;
        }

        a.Target = a.Possible[best].Target;
    }

    private double StoreOrderValue => _storeOrders > 0 ? _storeRevenue / _storeOrders : 0;

    private double StoreMargin => _storeRevenue > 0 ? Math.Clamp(1 - (_storeCogs / _storeRevenue), 0, 1) : 0.5;

    private double LearningRatio => _prior.LearningRatio(_options.DefaultLearningRatio);

    /// <summary>At the end of an ad set's first day: the origin of its curve, and the curve's prior (the family's when it has one).</summary>
    private void StartCurve(AdSet a, Platform platform, double spend, double impressions)
    {
        a.OriginSpend = spend;
        a.OriginImpressions = impressions;
        a.Warm = _prior.TryCurve(platform, _options.MinPriorAdSets, out var elasticity, out var curvature);
        if (!a.Warm)
        {
            elasticity = _options.ColdElasticity;
            curvature = _options.ColdCurvature;
        }

        var precision = a.Warm ? _options.Model.PriorPrecision : _options.ColdPriorPrecision;
        a.Model = new BayesianLinearRegression(Dimension, _options.Model with { PriorPrecision = precision });
        a.PriorMean = [0, elasticity, Math.Min(0, curvature)];
    }

    /// <summary>Feeds the ad sets of the episode that ended into the family prior (training only) and closes the episode.</summary>
    private void LearnFromEpisode()
    {
        if (_context is not null && Training)
        {
            Fold(_prior);
        }

        _adSets = [];
        _context = null;
    }

    /// <summary>Adds what the current episode's ad sets showed to a family prior.</summary>
    private void Fold(BanditFamilyPrior prior)
    {
        Span<double> mean = stackalloc double[Dimension];
        foreach (var a in _adSets)
        {
            foreach (var (creative, logCtr) in a.FreshRuns)
            {
                prior.RecordCreative(a.Platform, creative, logCtr);
            }

            prior.RecordLearning(a.LearningRevenue, a.LearningClicks, a.Revenue - a.LearningRevenue, a.Clicks - a.LearningClicks);
            if (a.Days >= 7 && a.MaxLevel - a.MinLevel > 0.3)
            {
                a.Mean(mean);
                prior.RecordCurve(a.Platform, mean[1], mean[2]);
            }
        }
    }

    private double[] Moves(Platform platform) => platform == Platform.TikTok ? _tikTokMoves : _instagramMoves;

    /// <summary>
    /// The best move's value — the day's expected profit at the budget it reaches, under curve weights
    /// <paramref name="w"/> and revenue per click <paramref name="revenuePerClick"/> — and the move. A move that takes the
    /// budget past the platform's learning threshold from the budget the platform compares against (its reference, which
    /// does not reset while the ad set is learning) pays the revenue the learning days it starts would lose, spread over
    /// the horizon. Moves stay within a jump of the spends the curve has seen.
    /// </summary>
    private double Value(
        AdSet a, ReadOnlySpan<double> w, double revenuePerClick, double[] moves, in AdEnvironmentState state, AdSetDescriptor adSet, out int best)
    {
        var threshold = 0.98 * (state.Platform == Platform.TikTok ? _options.TikTokLearningThreshold : _options.InstagramLearningThreshold);
        var reference = a.Reference > 0 ? a.Reference : state.CurrentBudget;
        var valuePerImpression = StoreMargin * a.Ctr * revenuePerClick;
        var learningLoss = 1 - LearningRatio;
        best = 0;
        var bestScore = double.NegativeInfinity;
        for (var m = 0; m < moves.Length; m++)
        {
            var next = Math.Clamp(state.CurrentBudget * (1 + moves[m]), adSet.MinDailyBudget, adSet.MaxDailyBudget);
            var spend = next * a.SpendPerBudget;
            var u = Math.Log(Math.Max(spend, 1e-9)) - a.OriginSpend;
            if (moves[m] != 0 && (u < a.MinLevel - 0.75 || u > a.MaxLevel + 0.75))
            {
                continue;
            }

            // A budget the ad set did not spend yesterday (a bid cap or thin audience held it back) is no limit to raise.
            if (moves[m] > 0 && a.LastSpendPerBudget < _options.BindingSpendShare)
            {
                continue;
            }

            var impressions = Math.Exp(a.OriginImpressions + w[0] + (w[1] * u) + (w[2] * u * u));
            var revenue = valuePerImpression * impressions;
            var score = revenue - spend;
            if (moves[m] != 0 && Math.Abs((next / reference) - 1) > threshold)
            {
                // The platform keeps an ad set learning until it has enough conversions or a week has passed.
                var ordersPerDay = a.Orders / Math.Max(a.Days, 1);
                var days = Math.Min(_options.LearningMaxDays, _options.LearningExitConversions / Math.Max(ordersPerDay, 1e-3));
                if (a.Learning)
                {
                    days *= _options.JumpLearningShareWhileLearning;
                }

                score -= learningLoss * revenue * days / _options.JumpHorizonDays;
            }

            if (score > bestScore)
            {
                best = m;
                bestScore = score;
            }
        }

        return bestScore;
    }

    /// <summary>Follows the platform's learning state and the budget its threshold is measured from, as the platform reports them.</summary>
    private void TrackLearning(AdSet a, in AdSetHourInfo info, in AdEnvironmentState next, Platform platform)
    {
        var threshold = platform == Platform.TikTok ? _options.TikTokLearningThreshold : _options.InstagramLearningThreshold;
        var started = info.InLearningPhase && (!a.Learning || (a.Reference > 0 && Math.Abs((info.DailyBudget / a.Reference) - 1) > threshold));
        if (started || a.Reference <= 0)
        {
            a.Reference = info.DailyBudget;
        }

        a.Learning = info.InLearningPhase;
        if (next.HourOfDay == _options.DecisionHour && !a.Learning)
        {
            // A new day outside learning: the platform measures the day's changes from the budget it starts with.
            a.Reference = info.DailyBudget;
        }
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

    private static void Encode(double logSpend, Span<double> x)
    {
        x[0] = 1;
        x[1] = logSpend;
        x[2] = logSpend * logSpend;
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

    /// <summary>What the bandit does for an active ad set in an hour.</summary>
    private enum Step
    {
        /// <summary>Leave it as it is.</summary>
        Keep,

        /// <summary>Switch a throttled cap to lowest cost, budget held.</summary>
        Switch,

        /// <summary>Head for the day's target (outside the decision hour, or before the first day's evidence).</summary>
        Continue,

        /// <summary>Pause it: no reachable budget makes a profit.</summary>
        Pause,

        /// <summary>Draw the day's move.</summary>
        Choose,
    }

    /// <summary>One ad set's evidence in the current episode.</summary>
    private sealed class AdSet
    {
        /// <summary>Orders a day are spread over: the variance of log order value the bandit allows for in revenue per click.</summary>
        private const double OrderValueVariance = 0.3;

        public BayesianLinearRegression Model { get; set; } = new(Dimension, new BayesianLinearRegressionOptions());

        /// <summary>Gets or sets the prior mean of the curve's weights; the model learns the residual around it.</summary>
        public double[] PriorMean { get; set; } = new double[Dimension];

        public bool Warm { get; set; }

        public double OriginSpend { get; set; }

        public double OriginImpressions { get; set; }

        public double SpendPerBudget { get; set; } = 1;

        public double LastSpendPerBudget { get; set; } = 1;

        public double SpendTotal { get; set; }

        public double BudgetTotal { get; set; }

        public double Target { get; set; }

        /// <summary>Gets, in a replay, the day's targets the logged actions are consistent with and their probabilities (empty otherwise).</summary>
        public List<(double Target, double Weight)> Possible { get; } = [];

        /// <summary>Gets or sets the budget the platform measures changes from; 0 before the first hour.</summary>
        public double Reference { get; set; }

        public bool Learning { get; set; }

        public int Days { get; set; }

        public bool Paused { get; set; }

        public Platform Platform { get; set; }

        public double MinLevel { get; set; } = double.PositiveInfinity;

        public double MaxLevel { get; set; } = double.NegativeInfinity;

        public double DaySpend { get; set; }

        public double DayImpressions { get; set; }

        public double DayBudget { get; set; }

        public int DayHours { get; set; }

        public int DayActiveHours { get; set; }

        /// <summary>Gets or sets the full days in a row, up to the last, the ad set spent under the throttled share of its budget.</summary>
        public int ThrottledDays { get; set; }

        public double Revenue { get; set; }

        public double Clicks { get; set; }

        public double Orders { get; set; }

        public double Impressions { get; set; }

        public double LearningRevenue { get; set; }

        public double LearningClicks { get; set; }

        public int RunHours { get; set; }

        public long RunClicks { get; set; }

        public long RunImpressions { get; set; }

        public double RecentClicks { get; set; }

        public double RecentImpressions { get; set; }

        public double[] FreshCtr { get; } = new double[CreativeCount];

        public double[] WornRatio { get; } = [1, 1, 1, 1];

        public int[] LastUsed { get; } = [-720, -720, -720, -720];

        public List<(CreativeType Creative, double LogCtr)> FreshRuns { get; } = [];

        /// <summary>Gets the running creative's CTR now: the last day's, or the episode's while the run is young.</summary>
        public double Ctr => RecentImpressions >= 500 ? RecentClicks / RecentImpressions : Impressions > 0 ? Clicks / Impressions : 0;

        public void Observe(in AdSetHourInfo info)
        {
            Revenue += info.ShopifyRevenue;
            Clicks += info.Clicks;
            Orders += info.ShopifyOrders;
            Impressions += info.Impressions;
            if (info.InLearningPhase)
            {
                LearningRevenue += info.ShopifyRevenue;
                LearningClicks += info.Clicks;
            }
        }

        /// <summary>The posterior mean of the revenue per click outside the learning phase (see <see cref="SampleRevenuePerClick"/>).</summary>
        public double RevenuePerClick(double storeOrderValue, double learningRatio) =>
            (1 + Orders) / (50 + Clicks) * (Orders > 0 ? AdjustedRevenue(learningRatio) / Orders : storeOrderValue);

        /// <summary>A draw of the revenue per click: orders are Poisson in clicks, with a unit-order Gamma prior of 50 clicks; order values vary.</summary>
        public double SampleRevenuePerClick(ref Rng rng, double storeOrderValue, double learningRatio)
        {
            var orderValue = Orders > 0 ? AdjustedRevenue(learningRatio) / Orders : storeOrderValue;
            var rate = GammaSampler.Gamma(ref rng, 1 + Orders) / (50 + Clicks);
            return rate * orderValue * Math.Exp(Math.Sqrt(OrderValueVariance / Math.Max(Orders, 1)) * rng.NextNormal());
        }

        public void CloseRun(CreativeType creative, int hourIndex)
        {
            var c = (int)creative;
            LastUsed[c] = hourIndex;
            if (FreshCtr[c] > 0 && RecentImpressions > 0)
            {
                WornRatio[c] = Math.Clamp(RecentClicks / RecentImpressions / FreshCtr[c], 0, 1);
            }
        }

        public void Update(ReadOnlySpan<double> x, double y) => Model.Update(x, y - Dot(PriorMean, x));

        public void Mean(Span<double> w)
        {
            var mean = Model.PosteriorMean;
            for (var k = 0; k < w.Length; k++)
            {
                w[k] = PriorMean[k] + mean[k];
            }

            Concave(w);
        }

        public void Sample(ref Rng rng, Span<double> w)
        {
            Model.SampleWeights(ref rng, w);
            for (var k = 0; k < w.Length; k++)
            {
                w[k] += PriorMean[k];
            }

            Concave(w);
        }

        /// <summary>Delivery has diminishing returns: the curve's slope stays in [0, 1.5] and it bends down.</summary>
        private static void Concave(Span<double> w)
        {
            w[1] = Math.Clamp(w[1], 0, 1.5);
            w[2] = Math.Min(w[2], 0);
        }

        private double AdjustedRevenue(double learningRatio) => Revenue - LearningRevenue + (LearningRevenue / learningRatio);
    }
}
