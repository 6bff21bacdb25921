using AdPilot.Core.Agents;
using AdPilot.Core.Domain;

namespace AdPilot.Core.Simulation.Calibration;

/// <summary>
/// The simulator's side of the calibration: scenarios drawn from <see cref="DefaultFamily"/>, each run with fixed
/// budgets (<see cref="FixedBudgetPolicy"/>) for some days, with every ad set's delivery totalled, plus each
/// scenario's competitor pressure read week by week.
/// </summary>
public sealed class SimulatorSample
{
    private const int HoursPerWeek = 168;

    // The competition probe: an ad set whose delivery is linear in spend (Hill shape 1, half-saturation far above its
    // spend), fully sensitive to competitors, in a copy of the market with flat traffic. Its impressions then give the
    // hour's competition factor exactly, up to Poisson noise of about 0.3% an hour.
    private const double ProbeBaseCpm = 10;
    private const double ProbeHalfSaturation = 1e7;
    private const decimal ProbeDailyBudget = 24_000m;

    private SimulatorSample(
        SimulatorSampleOptions options, IReadOnlyList<Scenario> scenarios, IReadOnlyList<SimulatedAdSet> adSets, IReadOnlyList<CompetitionSeries> competition)
    {
        Options = options;
        Scenarios = scenarios;
        AdSets = adSets;
        Competition = competition;
    }

    /// <summary>Gets the options the sample was drawn with.</summary>
    public SimulatorSampleOptions Options { get; }

    /// <summary>Gets the scenarios, in seed order.</summary>
    public IReadOnlyList<Scenario> Scenarios { get; }

    /// <summary>Gets every ad set of every scenario, in scenario order.</summary>
    public IReadOnlyList<SimulatedAdSet> AdSets { get; }

    /// <summary>Gets each scenario's competitor pressure on each platform.</summary>
    public IReadOnlyList<CompetitionSeries> Competition { get; }

    /// <summary>Draws the scenarios and runs them (in parallel; the result does not depend on the scheduling).</summary>
    /// <param name="options">What to draw and how long to run.</param>
    /// <param name="cancellationToken">Stops the runs.</param>
    /// <returns>The sample.</returns>
    public static SimulatorSample Run(SimulatorSampleOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var count = options.Scenarios;
        var scenarios = new Scenario[count];
        var adSets = new SimulatedAdSet[count][];
        var competition = new CompetitionSeries[count][];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        Parallel.For(0, count, parallel, k =>
        {
            var scenario = DefaultFamily.Sample(options.FirstSeed + (ulong)k, options.AdSetsPerScenario);
            scenarios[k] = scenario;
            adSets[k] = RunFixedBudgets(k, scenario, options.Days, cancellationToken);
            competition[k] = ReadCompetition(k, scenario, options.CompetitionWeeks, cancellationToken);
        });

        return new SimulatorSample(options, scenarios, [.. adSets.SelectMany(a => a)], [.. competition.SelectMany(c => c)]);
    }

    private static SimulatedAdSet[] RunFixedBudgets(int index, Scenario scenario, int days, CancellationToken cancellationToken)
    {
        var world = new SimulatedEnvironment(scenario);
        var policy = new FixedBudgetPolicy();
        var n = world.AdSets.Count;
        var hours = days * 24;
        var fullWeeks = hours / HoursPerWeek;
        var totals = new AdTotals[n];
        var weeks = new AdTotals[n, fullWeeks];
        var states = new AdEnvironmentState[n];
        var actions = new AdAction[n];
        var propensities = new double[n];

        var result = world.Reset();
        policy.Reset(new PolicyContext(world.AdSets, world.Currency, world.Limits, scenario.Seed));
        for (var t = 0; t < hours; t++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            result.States.CopyTo(states);
            policy.Decide(new DecisionContext(t, result.HourStartUtc, states), actions, propensities);
            result = world.Step(actions);
            var week = t / HoursPerWeek;
            for (var i = 0; i < n; i++)
            {
                var info = result.Info[i];
                var hour = new AdTotals(info.Impressions, info.Clicks, info.Spend, info.ClickCohortConversions);
                totals[i] += hour;
                if (week < fullWeeks)
                {
                    weeks[i, week] += hour;
                }
            }
        }

        var adSets = new SimulatedAdSet[n];
        for (var i = 0; i < n; i++)
        {
            var weekly = new AdTotals[fullWeeks];
            for (var w = 0; w < fullWeeks; w++)
            {
                weekly[w] = weeks[i, w];
            }

            adSets[i] = new SimulatedAdSet(index, scenario.AdSets[i], totals[i], weekly);
        }

        return adSets;
    }

    internal static CompetitionSeries[] ReadCompetition(int index, Scenario scenario, int weeks, CancellationToken cancellationToken)
    {
        // Competitor shocks are keyed by (seed, platform, hour), so this world meets the same pressure as the scenario's own.
        var probe = scenario with
        {
            Market = scenario.Market with { HourlyTraffic = [.. Enumerable.Repeat(1.0, 24)], WeekdayTraffic = [.. Enumerable.Repeat(1.0, 7)] },
            AdSets = [Probe(Platform.TikTok, "probe-tiktok"), Probe(Platform.Instagram, "probe-instagram")],
        };
        var world = new SimulatedEnvironment(probe);
        var result = world.Reset();
        var actions = new AdAction[2];
        var sums = new double[2, weeks];
        var hoursSeen = new int[2, weeks];
        const double capacity = 1000 * ProbeHalfSaturation / ProbeBaseCpm;
        for (var t = 0; t < weeks * HoursPerWeek; t++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var i = 0; i < 2; i++)
            {
                actions[i] = AdAction.Keep(result.States[i]);
            }

            result = world.Step(actions);
            for (var i = 0; i < 2; i++)
            {
                var info = result.Info[i];
                if (info.Impressions > 0 && info.Impressions < capacity)
                {
                    // Invert impressions = capacity · x / (x + K), with x = spend ÷ factor, for the factor.
                    var effectiveSpend = ProbeHalfSaturation * info.Impressions / (capacity - info.Impressions);
                    sums[i, t / HoursPerWeek] += info.Spend / effectiveSpend;
                    hoursSeen[i, t / HoursPerWeek]++;
                }
            }
        }

        var series = new CompetitionSeries[2];
        for (var i = 0; i < 2; i++)
        {
            var means = new double[weeks];
            for (var w = 0; w < weeks; w++)
            {
                means[w] = hoursSeen[i, w] > 0 ? sums[i, w] / hoursSeen[i, w] : double.NaN;
            }

            series[i] = new CompetitionSeries(index, probe.AdSets[i].Platform, means);
        }

        return series;
    }

    private static AdSetParameters Probe(Platform platform, string id) => new()
    {
        Id = id,
        Name = id,
        Platform = platform,
        TargetAgeGroup = AgeGroup.Age25To34,
        TargetInterests = Interests.None,
        CreativeType = CreativeType.Product,
        DailyBudget = ProbeDailyBudget,
        MinDailyBudget = 1,
        MaxDailyBudget = ProbeDailyBudget,
        BidStrategy = BidStrategy.LowestCost,
        BaseCpm = ProbeBaseCpm,
        HalfSaturationHourlySpend = ProbeHalfSaturation,
        HillShape = 1,
        CompetitorSensitivity = 1,
        CtrByCreative = Enum.GetValues<CreativeType>().ToDictionary(c => c, _ => 1e-9),
        Cvr = 0.01,
        AverageOrderValue = 1,
        OrderValueSigma = 0,
        FatigueHalfLifeImpressions = 1e11,
        FatigueFloor = 1,
        FatigueRecoveryHours = 1,
    };
}
