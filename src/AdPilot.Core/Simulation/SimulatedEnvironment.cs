using AdPilot.Core.Domain;
using AdPilot.Core.Features;

namespace AdPilot.Core.Simulation;

/// <summary>
/// The simulated ad market, one ad set-hour at a time: an auction whose price rises with the ad set's own spend
/// (Hill saturation) and with competitor pressure; traffic and conversion patterns by local hour and weekday;
/// click-through by platform, creative and audience with creative fatigue; bid caps that throttle delivery; the
/// learning phase after big edits; daily budgets paced over the day with a bounded overshoot; purchases that
/// arrive hours after the click; platform-reported conversions that differ from Shopify's truth; Poisson and
/// binomial noise. Fully determined by the scenario's seed.
/// </summary>
/// <remarks>
/// Random numbers are keyed by (ad set, hour) and competitor shocks by (platform, hour), so two policies run on
/// the same scenario meet the same market (common random numbers), whatever they do.
/// </remarks>
public sealed class SimulatedEnvironment : IAdEnvironment
{
    private const ulong StreamAdSetHour = 1;
    private const ulong StreamCompetition = 2;
    private const ulong StreamDay = 3;
    private const ulong StreamOrganic = 4;
    private const int CreativeCount = 4;
    private const int TrailingHours = 24;
    private const double ObservedDecay = 0.990_416; // 2^(-1/72): a three-day half-life for observed CTR and CVR
    private const double CpmDecay = 0.995_883; // 2^(-1/168): a one-week half-life for the CPM baseline
    private const double PriorWeightImpressions = FeatureScales.CtrPriorImpressions;
    private const double PriorWeightClicks = FeatureScales.CvrPriorClicks;
    private const double Ln2 = 0.693_147_180_559_945_3;
    private const int PurchasesDrawnOneByOne = 64;

    private readonly Scenario _scenario;
    private readonly ActionLimits _limits;
    private readonly LocalCalendar _calendar;
    private readonly LagDistribution _lag;
    private readonly QuantileTable _pacingNoise;
    private readonly QuantileTable _organicOrderValueNoise = QuantileTable.LogNormalMeanOne(0.5);
    private readonly PlatformParameters[] _platforms;
    private readonly List<AdSetParameters> _parameters;
    private readonly List<AdSetDescriptor> _descriptors;
    private AdSetWorld[] _adSets;
    private QuantileTable[] _orderValueNoise;
    private double[] _ctrByCreative;
    private double[] _fatigue;
    private double[] _arrivalCount;
    private double[] _arrivalRevenue;
    private double[] _arrivalUnattributedCount;
    private double[] _arrivalUnattributedRevenue;
    private double[] _trailingSpend;
    private double[] _trailingRevenue;
    private readonly double[] _competition = new double[2];
    private readonly double[] _trafficByHourOfWeek = new double[168];
    private readonly double[] _seasonalityByHourOfWeek = new double[168];
    private readonly double[] _paceWeight = new double[24];
    private readonly double[] _conversionByHourOfWeek = new double[168];
    private readonly double _margin;
    private readonly double _organicOrderValue;
    private readonly int _ringLength;
    private readonly StepResult _result;
    private readonly Dictionary<double, QuantileTable> _noiseBySigma;
    private int _hour;

    /// <summary>Initializes a new instance of the <see cref="SimulatedEnvironment"/> class.</summary>
    /// <param name="scenario">A scenario; it is validated here.</param>
    /// <param name="limits">The limits every action passes; <see cref="ActionLimits.Default"/> when null.</param>
    /// <exception cref="ScenarioException">The scenario is invalid.</exception>
    public SimulatedEnvironment(Scenario scenario, ActionLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var errors = ScenarioValidator.Validate(scenario);
        if (errors.Count > 0)
        {
            throw new ScenarioException(scenario.Name ?? "scenario", errors);
        }

        _scenario = scenario;
        _limits = limits ?? ActionLimits.Default;
        _calendar = new LocalCalendar(scenario.StartDate, scenario.Store.TimeZone);
        var market = scenario.Market;
        _lag = new LagDistribution(market.Attribution.LagMedianHours, market.Attribution.LagSigma, market.Attribution.MaxLagHours);
        _ringLength = _lag.MaxHours + 1;
        _pacingNoise = QuantileTable.LogNormalMeanOne(market.PacingNoise);
        _platforms = [market.TikTok, market.Instagram];
        _margin = scenario.Store.GrossMargin;
        PrecomputePatterns(market);

        var n = scenario.AdSets.Count;
        _adSets = new AdSetWorld[n];
        _ctrByCreative = new double[n * CreativeCount];
        _fatigue = new double[n * CreativeCount];
        _arrivalCount = new double[n * _ringLength];
        _arrivalRevenue = new double[n * _ringLength];
        _arrivalUnattributedCount = new double[n * _ringLength];
        _arrivalUnattributedRevenue = new double[n * _ringLength];
        _trailingSpend = new double[n * TrailingHours];
        _trailingRevenue = new double[n * TrailingHours];
        _result = new StepResult(n);
        _organicOrderValue = scenario.AdSets.Average(a => a.AverageOrderValue);
        _noiseBySigma = scenario.AdSets.Select(a => a.OrderValueSigma).Distinct().ToDictionary(s => s, QuantileTable.LogNormalMeanOne);
        _orderValueNoise = scenario.AdSets.Select(a => _noiseBySigma[a.OrderValueSigma]).ToArray();
        _parameters = [.. scenario.AdSets];
        _descriptors = scenario.AdSets
            .Select(a => new AdSetDescriptor(
                new AdSetRef(a.Platform, a.Id), a.Name, (double)a.MinDailyBudget, (double)a.MaxDailyBudget, (double)a.DailyBudget))
            .ToList();
        AdSets = _descriptors.AsReadOnly();
        Reset();
    }

    /// <inheritdoc />
    /// <remarks>Grows by one with each <see cref="AddCopy"/>; <see cref="Reset"/> drops the copies.</remarks>
    public IReadOnlyList<AdSetDescriptor> AdSets { get; }

    /// <summary>Gets the number of the scenario's own ad sets; the copies made by <see cref="AddCopy"/> follow them.</summary>
    public int ScenarioAdSetCount => _scenario.AdSets.Count;

    /// <inheritdoc />
    public string Currency => _scenario.Store.Currency;

    /// <summary>Gets the scenario this world runs.</summary>
    public Scenario Scenario => _scenario;

    /// <summary>Gets the limits every action passes.</summary>
    public ActionLimits Limits => _limits;

    /// <summary>Gets the click-to-purchase lag distribution.</summary>
    public LagDistribution Lag => _lag;

    /// <summary>Gets the index of the next hour to simulate.</summary>
    public int HourIndex => _hour;

    /// <summary>Gets the UTC start of hour 0 (local midnight of the start date).</summary>
    public DateTimeOffset StartUtc => _calendar.StartUtc;

    /// <inheritdoc />
    public ValueTask<StepResult> ResetAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Reset());
    }

    /// <inheritdoc />
    public ValueTask<StepResult> StepAsync(ReadOnlyMemory<AdAction> actions, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Step(actions.Span));
    }

    /// <summary>
    /// Starts the episode over: hour 0, starting settings, no history beyond the warm prior, and only the scenario's ad sets
    /// (the copies made by <see cref="AddCopy"/> are dropped).
    /// </summary>
    /// <returns>The first states.</returns>
    public StepResult Reset()
    {
        if (_adSets.Length != _scenario.AdSets.Count)
        {
            Resize(_scenario.AdSets.Count);
            _parameters.RemoveRange(_adSets.Length, _parameters.Count - _adSets.Length);
            _descriptors.RemoveRange(_adSets.Length, _descriptors.Count - _adSets.Length);
        }

        _hour = 0;
        Array.Clear(_competition);
        Array.Clear(_fatigue);
        Array.Clear(_arrivalCount);
        Array.Clear(_arrivalRevenue);
        Array.Clear(_arrivalUnattributedCount);
        Array.Clear(_arrivalUnattributedRevenue);
        Array.Clear(_trailingSpend);
        Array.Clear(_trailingRevenue);
        var market = _scenario.Market;
        for (var i = 0; i < _adSets.Length; i++)
        {
            _adSets[i] = CreateWorld(i, _scenario.AdSets[i], market);
            StartDay(i, ref _adSets[i], 0);
        }

        _result.RewardsToWrite.Clear();
        _result.InfoToWrite.Clear();
        _result.OrganicOrders = 0;
        _result.OrganicRevenue = 0;
        WriteStates();
        return _result;
    }

    /// <summary>Applies one action per ad set (through the limits) and simulates one hour.</summary>
    /// <param name="actions">One action per ad set, in <see cref="AdSets"/> order.</param>
    /// <returns>The next states, the hour's rewards and its information (buffers reused by the next call).</returns>
    /// <exception cref="ArgumentException">The number of actions differs from the number of ad sets.</exception>
    public StepResult Step(ReadOnlySpan<AdAction> actions)
    {
        if (actions.Length != _adSets.Length)
        {
            throw new ArgumentException($"expected {_adSets.Length} actions, one per ad set, got {actions.Length}", nameof(actions));
        }

        var t = _hour;
        var hourOfDay = _calendar.HourOfDay(t);
        var hourOfWeek = _calendar.HourOfWeek(t);
        var newDay = t > 0 && _calendar.LocalDay(t) != _calendar.LocalDay(t - 1);
        AdvanceCompetition(t);
        var weekly = WeeklyCycle(hourOfWeek);
        var logCompetition0 = weekly + _competition[0];
        var logCompetition1 = weekly + _competition[1];
        var hour = new HourContext(
            t,
            t % _ringLength,
            t % TrailingHours,
            _trafficByHourOfWeek[hourOfWeek],
            _paceWeight[hourOfDay],
            _conversionByHourOfWeek[hourOfWeek]);

        var rewards = _result.RewardsToWrite;
        var info = _result.InfoToWrite;
        for (var i = 0; i < _adSets.Length; i++)
        {
            ref var w = ref _adSets[i];
            if (newDay)
            {
                StartDay(i, ref w, _calendar.LocalDay(t));
            }

            var interventions = ApplyAction(ref w, actions[i]);
            var logCompetition = w.PlatformIndex == 0 ? logCompetition0 : logCompetition1;
            SimulateHour(i, ref w, hour, logCompetition * w.Sensitivity, interventions, out rewards[i], out info[i]);
        }

        SimulateOrganic(t, _seasonalityByHourOfWeek[hourOfWeek]);
        _hour = t + 1;
        WriteStates();
        return _result;
    }

    /// <summary>
    /// Adds an ad set while the episode runs: a copy of <paramref name="original"/> (an A/B test of another targeting) with
    /// the original's market (its scenario parameters: click-through by creative, purchase rate, order values, saturation,
    /// fatigue rates), retargeted from the original's starting audience to <paramref name="age"/> and
    /// <paramref name="interests"/> exactly as an in-place retarget would be, in the learning phase, with fresh creatives
    /// (no fatigue), no history and the original's current bid and creative group. It takes the next index, so every span
    /// of actions, states and rewards grows by one from now on; its random numbers come from its own index-keyed stream, so
    /// every other ad set meets the same market as without it.
    /// </summary>
    /// <param name="original">The index of the ad set to copy.</param>
    /// <param name="age">The copy's age band.</param>
    /// <param name="interests">The copy's interests (<see cref="Interests.None"/> for broad).</param>
    /// <param name="dailyBudget">The copy's daily budget, above 0 and at most the original's largest; a budget below the
    /// original's smallest becomes the copy's smallest (a test budget may be below what the store lets a policy set).</param>
    /// <param name="reference">The copy's platform id; its platform must be the original's.</param>
    /// <param name="name">The copy's name.</param>
    /// <param name="status">The copy's status from the next hour on.</param>
    /// <returns>The copy's index.</returns>
    /// <exception cref="ArgumentException">An argument is out of range, undefined, or the id is taken.</exception>
    public int AddCopy(int original, AgeGroup age, Interests interests, double dailyBudget, AdSetRef reference, string name, AdSetStatus status = AdSetStatus.Active)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(original);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(original, _adSets.Length);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(reference.ExternalId, nameof(reference));
        if (!Enum.IsDefined(age))
        {
            throw new ArgumentException($"age group {age} is not defined", nameof(age));
        }

        if ((interests & ~InterestsJsonConverter.Defined) != 0)
        {
            throw new ArgumentException($"interests {(int)interests} name undefined flags", nameof(interests));
        }

        if (!Enum.IsDefined(status))
        {
            throw new ArgumentException($"status {status} is not defined", nameof(status));
        }

        var source = _parameters[original];
        if (reference.Platform != source.Platform)
        {
            throw new ArgumentException($"the copy must be on the original's platform {source.Platform}, got {reference.Platform}", nameof(reference));
        }

        if (_descriptors.Any(d => d.Ref == reference))
        {
            throw new ArgumentException($"ad set id {reference.ExternalId} is taken", nameof(reference));
        }

        if (!double.IsFinite(dailyBudget) || dailyBudget <= 0 || dailyBudget > (double)source.MaxDailyBudget)
        {
            throw new ArgumentOutOfRangeException(nameof(dailyBudget), dailyBudget, $"the copy's daily budget must be above 0 and at most {source.MaxDailyBudget}");
        }

        var i = _adSets.Length;
        Resize(i + 1);
        _parameters.Add(source);
        _descriptors.Add(new AdSetDescriptor(reference, name, 0, 0, dailyBudget));
        InitCopy(i, original, age, interests, dailyBudget, status);
        return i;
    }

    /// <summary>
    /// Makes a copy added by <see cref="AddCopy"/> a copy of another ad set, keeping its id, name, targeting, budget and
    /// status: for a platform that says which market a new ad set shares only after it is made (a TikTok ad group gets its
    /// creatives after it is created). The copy starts over as <see cref="AddCopy"/> leaves one, so call it only before the
    /// copy has delivered.
    /// </summary>
    /// <param name="copy">The copy's index.</param>
    /// <param name="original">The index of the ad set it copies from now on.</param>
    /// <exception cref="ArgumentException">The index is not a copy's, or the original is on another platform or unknown.</exception>
    public void RebaseCopy(int copy, int original)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(copy, _scenario.AdSets.Count);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(copy, _adSets.Length);
        ArgumentOutOfRangeException.ThrowIfNegative(original);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(original, _adSets.Length);
        if (original == copy || _parameters[original].Platform != _parameters[copy].Platform)
        {
            throw new ArgumentException($"ad set {original} cannot be the market of copy {copy}", nameof(original));
        }

        ref readonly var w = ref _adSets[copy];
        InitCopy(copy, original, w.Age, w.Interests, w.Budget, w.Status);
    }

    /// <summary>Sets up copy <paramref name="i"/> of <paramref name="original"/>, keeping its descriptor's id and name.</summary>
    private void InitCopy(int i, int original, AgeGroup age, Interests interests, double dailyBudget, AdSetStatus status)
    {
        var source = _parameters[original];
        var descriptor = _descriptors[i];
        var budget = (decimal)dailyBudget;
        ref readonly var from = ref _adSets[original];
        var parameters = source with
        {
            Id = descriptor.Ref.ExternalId,
            Name = descriptor.Name,
            DailyBudget = budget,
            MinDailyBudget = Math.Min(source.MinDailyBudget, budget),
            BidStrategy = from.Bid,
            CreativeType = from.Creative,
        };

        _parameters[i] = parameters;
        _descriptors[i] = descriptor with
        {
            MinDailyBudget = (double)parameters.MinDailyBudget,
            MaxDailyBudget = (double)parameters.MaxDailyBudget,
            StartingDailyBudget = dailyBudget,
        };
        _orderValueNoise[i] = _noiseBySigma[parameters.OrderValueSigma];
        Array.Clear(_fatigue, i * CreativeCount, CreativeCount);
        Array.Clear(_arrivalCount, i * _ringLength, _ringLength);
        Array.Clear(_arrivalRevenue, i * _ringLength, _ringLength);
        Array.Clear(_arrivalUnattributedCount, i * _ringLength, _ringLength);
        Array.Clear(_arrivalUnattributedRevenue, i * _ringLength, _ringLength);
        Array.Clear(_trailingSpend, i * TrailingHours, TrailingHours);
        Array.Clear(_trailingRevenue, i * TrailingHours, TrailingHours);

        // The original's starting audience is the base of the ratios, as for the original retargeted in place.
        var w = CreateWorld(i, parameters, _scenario.Market);
        w.Budget = dailyBudget;
        w.EwImpressions = 0;
        w.EwClicks = 0;
        w.EwConversions = 0;
        Retarget(ref w, age, interests);
        w.EwCpm = parameters.BaseCpm * w.CpmRatio;
        w.LastCpm = w.EwCpm;
        StartDay(i, ref w, _calendar.LocalDay(_hour));
        StartLearning(ref w);
        w.Status = status;
        _adSets[i] = w;
        WriteStates();
    }

    private void Resize(int count)
    {
        Array.Resize(ref _adSets, count);
        Array.Resize(ref _orderValueNoise, count);
        Array.Resize(ref _ctrByCreative, count * CreativeCount);
        Array.Resize(ref _fatigue, count * CreativeCount);
        Array.Resize(ref _arrivalCount, count * _ringLength);
        Array.Resize(ref _arrivalRevenue, count * _ringLength);
        Array.Resize(ref _arrivalUnattributedCount, count * _ringLength);
        Array.Resize(ref _arrivalUnattributedRevenue, count * _ringLength);
        Array.Resize(ref _trailingSpend, count * TrailingHours);
        Array.Resize(ref _trailingRevenue, count * TrailingHours);
        _result.Resize(count);
    }

    /// <summary>
    /// Ground truth for the oracle and for tests: the expected spend, revenue and purchases of one ad set in a
    /// future hour if its daily budget were <paramref name="dailyBudget"/> with lowest-cost bidding, given what
    /// the world is now (competitor shocks decay at their persistence; fatigue stays as it is).
    /// </summary>
    /// <param name="adSet">The ad set's index.</param>
    /// <param name="dailyBudget">The daily budget.</param>
    /// <param name="hoursAhead">0 for the next hour to simulate, 1 for the one after, …</param>
    /// <param name="creative">The creative group to assume.</param>
    /// <param name="learning">Whether to assume the learning phase.</param>
    /// <returns>The expected outcome (revenue counted when caused, not when it arrives).</returns>
    public RewardMetrics ExpectedHour(int adSet, double dailyBudget, int hoursAhead, CreativeType creative, bool learning)
    {
        ref readonly var w = ref _adSets[adSet];
        var t = _hour + hoursAhead;
        var hourOfDay = _calendar.HourOfDay(t);
        var hourOfWeek = _calendar.HourOfWeek(t);
        var persistence = _scenario.Market.Competition.Persistence;
        var shock = _competition[w.PlatformIndex] * Math.Pow(persistence, hoursAhead + 1);
        var logCompetition = (WeeklyCycle(hourOfWeek) + shock) * w.Sensitivity;
        var spend = dailyBudget * _paceWeight[hourOfDay];
        var impressions = MeanImpressions(w, spend, _trafficByHourOfWeek[hourOfWeek], logCompetition);
        var conversions = impressions * EffectiveCtr(adSet, w, creative) * EffectiveCvr(w, _conversionByHourOfWeek[hourOfWeek], learning);
        var revenue = conversions * w.OrderValue;
        return new RewardMetrics(revenue, spend, revenue * (1 - _margin), conversions);
    }

    /// <summary>Ground truth: one ad set's hidden platform state, for the oracle and for tests.</summary>
    /// <param name="adSet">The ad set's index.</param>
    /// <returns>The state.</returns>
    public AdSetTruth TruthOf(int adSet)
    {
        ref readonly var w = ref _adSets[adSet];
        return new AdSetTruth(
            w.Budget,
            w.Creative,
            w.Learning,
            w.LearningConversions,
            w.LearningHours,
            w.BudgetReference,
            w.HoursSinceCreativeChange,
            w.SpentToday,
            FatigueMultiplier(adSet, w, w.Creative),
            _platforms[w.PlatformIndex]);
    }

    /// <summary>The fatigue multiplier a creative group of an ad set would have now (1 = fresh).</summary>
    /// <param name="adSet">The ad set's index.</param>
    /// <param name="creative">The creative group.</param>
    /// <returns>The multiplier on its fresh click-through rate.</returns>
    public double FatigueOf(int adSet, CreativeType creative) => FatigueMultiplier(adSet, _adSets[adSet], creative);

    private void PrecomputePatterns(MarketParameters market)
    {
        var hourlyMean = market.HourlyTraffic.Average();
        var weekdayMean = market.WeekdayTraffic.Average();
        var hourlySum = market.HourlyTraffic.Sum();
        var hourlyConversionMean = market.HourlyConversion.Average();
        var weekdayConversionMean = market.WeekdayConversion.Average();
        for (var h = 0; h < 24; h++)
        {
            _paceWeight[h] = market.HourlyTraffic[h] / hourlySum;
        }

        var seasonalitySum = 0.0;
        for (var d = 0; d < 7; d++)
        {
            for (var h = 0; h < 24; h++)
            {
                var k = (d * 24) + h;
                var traffic = market.HourlyTraffic[h] / hourlyMean * (market.WeekdayTraffic[d] / weekdayMean);
                var conversion = market.HourlyConversion[h] / hourlyConversionMean * (market.WeekdayConversion[d] / weekdayConversionMean);
                _trafficByHourOfWeek[k] = traffic;
                _conversionByHourOfWeek[k] = conversion;
                _seasonalityByHourOfWeek[k] = traffic * conversion;
                seasonalitySum += traffic * conversion;
            }
        }

        var seasonalityMean = seasonalitySum / 168;
        for (var k = 0; k < 168; k++)
        {
            _seasonalityByHourOfWeek[k] = seasonalityMean > 0 ? _seasonalityByHourOfWeek[k] / seasonalityMean : 1;
        }
    }

    private AdSetWorld CreateWorld(int i, AdSetParameters p, MarketParameters market)
    {
        foreach (var creative in Enum.GetValues<CreativeType>())
        {
            _ctrByCreative[(i * CreativeCount) + (int)creative] = p.CtrByCreative[creative];
        }

        var budget = (double)p.DailyBudget;
        var w = new AdSetWorld
        {
            PlatformIndex = p.Platform == Platform.TikTok ? 0 : 1,
            Capacity = 1000 * p.HalfSaturationHourlySpend / p.BaseCpm,
            LogHalfSaturationPowShape = p.HillShape * Math.Log(p.HalfSaturationHourlySpend),
            Shape = p.HillShape,
            Sensitivity = p.CompetitorSensitivity,
            Cvr = p.Cvr,
            OrderValue = p.AverageOrderValue,
            OrderValueSigma = p.OrderValueSigma,
            FatigueHalfLife = p.FatigueHalfLifeImpressions,
            FatigueFloor = p.FatigueFloor,
            FatigueRecoveryPerHour = Math.Pow(0.5, 1 / p.FatigueRecoveryHours),
            MinBudget = (double)p.MinDailyBudget,
            MaxBudget = (double)p.MaxDailyBudget,
            InitialAgeCtr = market.AgeCtr[p.TargetAgeGroup],
            InitialAgeCvr = market.AgeCvr[p.TargetAgeGroup],
            InitialAgeCpm = market.AgeCpm[p.TargetAgeGroup],
            InitialAffinity = market.AffinityOf(p.TargetInterests),
            Budget = budget,
            Bid = p.BidStrategy,
            Creative = p.CreativeType,
            Age = p.TargetAgeGroup,
            Interests = p.TargetInterests,
            Status = AdSetStatus.Active,
            CtrRatio = 1,
            CvrRatio = 1,
            CpmRatio = 1,
            BudgetReference = budget,
            HoursSinceCreativeChange = 24 * 7,
            EwCpm = p.BaseCpm,
            LastCpm = p.BaseCpm,
        };

        // A warm prior: the platforms have history from before the episode, worth a few days of delivery.
        var ctr = p.CtrByCreative[p.CreativeType];
        w.EwImpressions = PriorWeightImpressions;
        w.EwClicks = PriorWeightImpressions * ctr;
        w.EwConversions = PriorWeightImpressions * ctr * p.Cvr;
        return w;
    }

    private void StartDay(int i, ref AdSetWorld w, int localDay)
    {
        w.SpentToday = 0;
        if (!w.Learning)
        {
            w.BudgetReference = w.Budget;
        }

        var rng = Rng.ForStream(_scenario.Seed, StreamDay, (ulong)i, (ulong)localDay);
        w.DayOpportunity = rng.LogNormalWithMean(1, _scenario.Market.DailyDemandNoise);
    }

    private int ApplyAction(ref AdSetWorld w, in AdAction action)
    {
        var interventions = 0;
        var platform = _platforms[w.PlatformIndex];

        var adjustment = action.BudgetAdjustment;
        if (!double.IsFinite(adjustment))
        {
            adjustment = 0;
            interventions++;
        }
        else if (Math.Abs(adjustment) > _limits.MaxHourlyBudgetChange)
        {
            adjustment = Math.CopySign(_limits.MaxHourlyBudgetChange, adjustment);
            interventions++;
        }

        if (adjustment != 0)
        {
            var proposed = w.Budget * (1 + adjustment);
            var budget = Math.Clamp(proposed, w.MinBudget, w.MaxBudget);
            if (Math.Abs(budget - proposed) > 1e-9 * Math.Abs(proposed))
            {
                // Only a material clamp counts: a proposal of exactly the max can come back a rounding error above it.
                interventions++;
            }

            w.Budget = budget;
            if (Math.Abs((budget / w.BudgetReference) - 1) > platform.LearningBudgetChangeThreshold)
            {
                StartLearning(ref w);
            }
        }

        if (action.BidStrategy != w.Bid)
        {
            if (action.BidStrategy.IsValid)
            {
                w.Bid = action.BidStrategy;
                StartLearning(ref w);
            }
            else
            {
                interventions++;
            }
        }

        if (action.CreativeType != w.Creative)
        {
            if (w.HoursSinceCreativeChange >= _limits.MinHoursBetweenCreativeRotations && Enum.IsDefined(action.CreativeType))
            {
                w.Creative = action.CreativeType;
                w.HoursSinceCreativeChange = 0;
                StartLearning(ref w);
            }
            else
            {
                interventions++;
            }
        }

        if (action.TargetAgeGroup != w.Age || action.TargetInterests != w.Interests)
        {
            if (Enum.IsDefined(action.TargetAgeGroup) && (action.TargetInterests & ~InterestsJsonConverter.Defined) == 0)
            {
                Retarget(ref w, action.TargetAgeGroup, action.TargetInterests);
                StartLearning(ref w);
            }
            else
            {
                interventions++;
            }
        }

        if (action.Status != w.Status && !Enum.IsDefined(action.Status))
        {
            interventions++;
        }
        else if (action.Status != w.Status)
        {
            if (action.Status == AdSetStatus.Active && w.PausedHours >= platform.LearningMaxHours)
            {
                StartLearning(ref w);
            }

            w.Status = action.Status;
            w.PausedHours = 0;
        }

        return interventions;
    }

    private void Retarget(ref AdSetWorld w, AgeGroup age, Interests interests)
    {
        var market = _scenario.Market;
        w.Age = age;
        w.Interests = interests;
        w.CtrRatio = market.AgeCtr[age] / w.InitialAgeCtr;
        w.CpmRatio = market.AgeCpm[age] / w.InitialAgeCpm;
        w.LogCpmRatio = Math.Log(w.CpmRatio);
        w.CvrRatio = market.AgeCvr[age] / w.InitialAgeCvr * (market.AffinityOf(interests) / w.InitialAffinity);
    }

    private static void StartLearning(ref AdSetWorld w)
    {
        w.Learning = true;
        w.LearningConversions = 0;
        w.LearningHours = 0;
        w.BudgetReference = w.Budget;
    }

    private void SimulateHour(
        int i, ref AdSetWorld w, in HourContext hour, double logCompetition, int interventions, out RewardMetrics reward, out AdSetHourInfo info)
    {
        var rng = Rng.ForStream(_scenario.Seed, StreamAdSetHour, (ulong)i, (ulong)hour.Index);
        var platform = _platforms[w.PlatformIndex];
        var jitter = _pacingNoise.Sample(ref rng);

        double spend = 0;
        long impressions = 0;
        long clicks = 0;
        long conversions = 0;
        double cohortRevenue = 0;
        if (w.Status == AdSetStatus.Active)
        {
            var planned = w.Budget * hour.PaceWeight * w.DayOpportunity * jitter;
            var dayCap = (w.Budget * (1 + platform.MaxDailyOvershoot)) - w.SpentToday;
            spend = Math.Max(0, Math.Min(planned, dayCap));
            var ctr = EffectiveCtr(i, w, w.Creative);
            var cvr = EffectiveCvr(w, hour.Conversion, w.Learning);
            var meanImpressions = MeanImpressions(w, spend, hour.Traffic, logCompetition);
            if (w.Bid.Kind != BidStrategyKind.LowestCost && meanImpressions > 0)
            {
                // A cap below the market's cost per result throttles delivery: the platform skips dear auctions.
                var expectedCpa = spend / (meanImpressions * ctr * cvr);
                var cap = (double)w.Bid.CapPerResult!.Value;
                if (expectedCpa > cap)
                {
                    var steepness = w.Bid.Kind == BidStrategyKind.BidCap ? 3.0 : 2.0;
                    spend *= Math.Pow(cap / expectedCpa, steepness);
                    meanImpressions = MeanImpressions(w, spend, hour.Traffic, logCompetition);
                }
            }

            impressions = rng.Poisson(meanImpressions);
            clicks = rng.Binomial(impressions, ctr);
            conversions = rng.Binomial(clicks, cvr);
            cohortRevenue = SchedulePurchases(i, ref w, ref rng, hour.Index, conversions);
            Fatigue(i, ref w, impressions);
        }
        else
        {
            w.PausedHours++;
            Fatigue(i, ref w, impressions: 0);
        }

        w.SpentToday += spend;
        w.HoursSinceCreativeChange++;
        if (w.Learning)
        {
            w.LearningConversions += conversions;
            w.LearningHours++;
            if (w.LearningConversions >= platform.LearningExitConversions || w.LearningHours >= platform.LearningMaxHours)
            {
                w.Learning = false;
            }
        }

        // Purchases reaching Shopify this hour (caused by this or earlier hours' clicks).
        var slot = (i * _ringLength) + hour.Slot;
        var orders = _arrivalCount[slot];
        var revenue = _arrivalRevenue[slot];
        var unattributedOrders = _arrivalUnattributedCount[slot];
        var unattributedRevenue = _arrivalUnattributedRevenue[slot];
        _arrivalCount[slot] = 0;
        _arrivalRevenue[slot] = 0;
        _arrivalUnattributedCount[slot] = 0;
        _arrivalUnattributedRevenue[slot] = 0;

        var reported = orders > 0 ? rng.Poisson(orders * platform.ReportedConversionBias) : 0;
        var reportedRevenue = orders > 0 ? revenue * reported / orders : 0;

        Observe(i, ref w, hour.TrailingSlot, impressions, clicks, spend, orders - unattributedOrders, revenue - unattributedRevenue);

        reward = new RewardMetrics(revenue, spend, revenue * (1 - _margin), orders);
        info = new AdSetHourInfo(
            w.Budget,
            spend,
            impressions,
            clicks,
            reported,
            reportedRevenue,
            (long)orders,
            revenue,
            (long)unattributedOrders,
            unattributedRevenue,
            conversions,
            cohortRevenue,
            w.Learning,
            interventions);
    }

    private double SchedulePurchases(int i, ref AdSetWorld w, ref Rng rng, int hourIndex, long conversions)
    {
        if (conversions > PurchasesDrawnOneByOne)
        {
            return SchedulePurchasesByLag(i, ref w, ref rng, hourIndex, conversions);
        }

        var total = 0.0;
        var missingRate = _scenario.Market.Attribution.UtmMissingRate;
        for (var k = 0; k < conversions; k++)
        {
            var slot = (i * _ringLength) + ((hourIndex + _lag.Sample(ref rng)) % _ringLength);
            var value = w.OrderValue * _orderValueNoise[i].Sample(ref rng);
            total += value;
            _arrivalCount[slot] += 1;
            _arrivalRevenue[slot] += value;
            if (rng.NextDouble() < missingRate)
            {
                _arrivalUnattributedCount[slot] += 1;
                _arrivalUnattributedRevenue[slot] += value;
            }
        }

        return total;
    }

    /// <summary>
    /// Many purchases in one hour: split them over the lag hours with one binomial per hour (a multinomial draw), and
    /// draw each hour's revenue as the normal limit of its sum of order values, so the work does not grow with the count.
    /// </summary>
    private double SchedulePurchasesByLag(int i, ref AdSetWorld w, ref Rng rng, int hourIndex, long conversions)
    {
        var total = 0.0;
        var missingRate = _scenario.Market.Attribution.UtmMissingRate;
        var valueVariance = w.OrderValue * w.OrderValue * (Math.Exp(w.OrderValueSigma * w.OrderValueSigma) - 1);
        var remaining = conversions;
        var remainingProbability = 1.0;
        var probabilities = _lag.Probabilities;
        for (var lag = 0; lag < probabilities.Count && remaining > 0; lag++)
        {
            var count = lag == probabilities.Count - 1
                ? remaining
                : rng.Binomial(remaining, Math.Clamp(probabilities[lag] / remainingProbability, 0, 1));
            remaining -= count;
            remainingProbability -= probabilities[lag];
            if (count == 0)
            {
                continue;
            }

            var mean = count * w.OrderValue;
            var revenue = Math.Max(0, mean + (Math.Sqrt(count * valueVariance) * QuantileTable.StandardNormal.Sample(ref rng)));
            var unattributed = rng.Binomial(count, missingRate);
            var slot = (i * _ringLength) + ((hourIndex + lag) % _ringLength);
            _arrivalCount[slot] += count;
            _arrivalRevenue[slot] += revenue;
            _arrivalUnattributedCount[slot] += unattributed;
            _arrivalUnattributedRevenue[slot] += revenue * unattributed / count;
            total += revenue;
        }

        return total;
    }

    private void Fatigue(int i, ref AdSetWorld w, long impressions)
    {
        var row = i * CreativeCount;
        for (var c = 0; c < CreativeCount; c++)
        {
            if (c == (int)w.Creative && w.Status == AdSetStatus.Active)
            {
                _fatigue[row + c] += impressions;
            }
            else
            {
                _fatigue[row + c] *= w.FatigueRecoveryPerHour;
            }
        }
    }

    private void Observe(int i, ref AdSetWorld w, int trailingSlot, long impressions, long clicks, double spend, double orders, double revenue)
    {
        w.EwImpressions = (w.EwImpressions * ObservedDecay) + impressions;
        w.EwClicks = (w.EwClicks * ObservedDecay) + clicks;
        w.EwConversions = (w.EwConversions * ObservedDecay) + orders;
        if (impressions > 0)
        {
            w.LastCpm = spend * 1000 / impressions;
            w.EwCpm = (w.EwCpm * CpmDecay) + (w.LastCpm * (1 - CpmDecay));
        }

        // Running sums leave rounding residue; counting the hours with any amount lets an empty window read exactly 0.
        var at = (i * TrailingHours) + trailingSlot;
        w.TrailingSpendHours += (spend > 0 ? 1 : 0) - (_trailingSpend[at] > 0 ? 1 : 0);
        w.TrailingRevenueHours += (revenue > 0 ? 1 : 0) - (_trailingRevenue[at] > 0 ? 1 : 0);
        w.TrailingSpend = w.TrailingSpendHours == 0 ? 0 : Math.Max(0, w.TrailingSpend - _trailingSpend[at] + spend);
        w.TrailingRevenue = w.TrailingRevenueHours == 0 ? 0 : Math.Max(0, w.TrailingRevenue - _trailingRevenue[at] + revenue);
        _trailingSpend[at] = spend;
        _trailingRevenue[at] = revenue;
    }

    private void SimulateOrganic(int t, double seasonality)
    {
        var rng = Rng.ForStream(_scenario.Seed, StreamOrganic, 0, (ulong)t);
        var orders = rng.Poisson(_scenario.Store.OrganicOrdersPerHour * seasonality);
        var revenue = 0.0;
        for (var k = 0; k < orders; k++)
        {
            revenue += _organicOrderValue * _organicOrderValueNoise.Sample(ref rng);
        }

        _result.OrganicOrders = orders;
        _result.OrganicRevenue = revenue;
    }

    private void AdvanceCompetition(int t)
    {
        var c = _scenario.Market.Competition;
        for (var p = 0; p < _competition.Length; p++)
        {
            var rng = Rng.ForStream(_scenario.Seed, StreamCompetition, (ulong)p, (ulong)t);
            var shock = c.Volatility * QuantileTable.StandardNormal.Sample(ref rng);
            if (rng.NextDouble() < c.JumpProbability)
            {
                shock += c.JumpSize;
            }

            _competition[p] = (c.Persistence * _competition[p]) + shock;
        }
    }

    private double WeeklyCycle(int hourOfWeek)
    {
        var c = _scenario.Market.Competition;
        return c.WeeklyAmplitude * Math.Cos(2 * Math.PI * (hourOfWeek - c.WeeklyPeakHour) / 168);
    }

    private static double MeanImpressions(in AdSetWorld w, double spend, double traffic, double logCompetition)
    {
        if (spend <= 0)
        {
            return 0;
        }

        // Hill saturation in effective spend x = spend ÷ (competition × audience price): competitor pressure and a
        // dearer audience make each unit buy less. x^a ÷ (x^a + K^a) is written as 1 ÷ (1 + exp(a·ln K − a·ln x)):
        // one log and one exp, and no overflow at any spend (the exponential only tends to 0 or to infinity).
        var logRatio = w.LogHalfSaturationPowShape - (w.Shape * (Math.Log(spend) - logCompetition - w.LogCpmRatio));
        return w.Capacity * traffic / (1 + Math.Exp(logRatio));
    }

    private double EffectiveCtr(int i, in AdSetWorld w, CreativeType creative) =>
        Math.Min(1, _ctrByCreative[(i * CreativeCount) + (int)creative] * w.CtrRatio * FatigueMultiplier(i, w, creative));

    private double EffectiveCvr(in AdSetWorld w, double conversionFactor, bool learning) =>
        Math.Min(1, w.Cvr * w.CvrRatio * conversionFactor * (learning ? 1 - _platforms[w.PlatformIndex].LearningCvrPenalty : 1));

    private double FatigueMultiplier(int i, in AdSetWorld w, CreativeType creative) =>
        w.FatigueFloor + ((1 - w.FatigueFloor) * Math.Exp(-Ln2 * _fatigue[(i * CreativeCount) + (int)creative] / w.FatigueHalfLife));

    private void WriteStates()
    {
        var t = _hour;
        var hourOfDay = _calendar.HourOfDay(t);
        var dayOfWeek = _calendar.DayOfWeek(t);
        var seasonality = _seasonalityByHourOfWeek[_calendar.HourOfWeek(t)];
        var states = _result.StatesToWrite;
        for (var i = 0; i < _adSets.Length; i++)
        {
            ref readonly var w = ref _adSets[i];
            var ctr = (w.EwClicks + (PriorWeightImpressions * FeatureScales.DefaultPriorCtr)) / (w.EwImpressions + PriorWeightImpressions);
            var cvr = (w.EwConversions + (PriorWeightClicks * FeatureScales.DefaultPriorCvr)) / (w.EwClicks + PriorWeightClicks);
            states[i] = new AdEnvironmentState(
                dayOfWeek,
                hourOfDay,
                w.Budget,
                w.Age,
                w.Interests,
                w.Creative,
                _parameters[i].Platform,
                ctr,
                cvr,
                w.EwCpm > 0 ? (w.LastCpm / w.EwCpm) - 1 : 0,
                seasonality,
                w.Bid,
                w.Status,
                w.TrailingSpend,
                w.TrailingRevenue,
                w.Learning);
        }

        _result.HourIndex = t;
        _result.HourStartUtc = _calendar.UtcOf(t);
    }

    private readonly record struct HourContext(int Index, int Slot, int TrailingSlot, double Traffic, double PaceWeight, double Conversion);
}
