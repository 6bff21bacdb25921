using AdPilot.Core.Agents;
using AdPilot.Core.Agents.Bandit;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;
using AdPilot.Core.Training;
using BenchmarkDotNet.Attributes;

namespace AdPilot.Benchmarks.Agents;

/// <summary>
/// The budget bandit on one core. <see cref="DecideAtDecisionHour"/>: one ad set's daily decision (a Thompson draw of
/// its delivery curve and revenue per click over the moves, plus the draws that estimate the move's propensity), per
/// ad set (OperationsPerInvoke), so decisions per second = 1 s ÷ Mean; the other 23 hours of a day cost next to
/// nothing. <see cref="DecideAndObserveHour"/>: a whole hour of 8 ad sets outside the decision hour.
/// <see cref="TrainTwoHundredDays"/>: training from scratch for 200 simulated days of the default family (episodes of
/// 30 days on seeds 1–7, 8 ad sets, simulator included). Target: under a minute.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class BanditBenchmarks
{
    private const int AdSets = DefaultFamily.DefaultAdSetCount;
    private const int TrainingDays = 200;

    private BudgetBanditPolicy _policy = null!;
    private AdEnvironmentState[] _midnight = null!;
    private AdEnvironmentState[] _noon = null!;
    private AdAction[] _actions = null!;
    private double[] _propensities = null!;
    private RewardMetrics[] _rewards = null!;
    private AdSetHourInfo[] _info = null!;

    [GlobalSetup]
    public void Setup()
    {
        var world = new SimulatedEnvironment(DefaultFamily.Sample(1001, AdSets));
        _policy = new BudgetBanditPolicy { Training = false };
        var result = world.Reset();
        _policy.Reset(new PolicyContext(world.AdSets, world.Currency, world.Limits, 1));
        _actions = new AdAction[AdSets];
        _propensities = new double[AdSets];
        var states = new AdEnvironmentState[AdSets];

        // Five days of evidence, so each ad set has a curve and a revenue per click to draw from.
        for (var t = 0; t < 5 * 24; t++)
        {
            result.States.CopyTo(states);
            _policy.Decide(new DecisionContext(t, result.HourStartUtc, states), _actions, _propensities);
            result = world.Step(_actions);
            _policy.Observe(new Transition(t, states, _actions, result.Rewards, result.Info, result.States));
        }

        _midnight = result.States.ToArray();
        _noon = _midnight.Select(s => s with { HourOfDay = 12 }).ToArray();
        _rewards = result.Rewards.ToArray();
        _info = result.Info.ToArray();
    }

    [Benchmark(OperationsPerInvoke = AdSets)]
    public double DecideAtDecisionHour()
    {
        _policy.Decide(new DecisionContext(120, DateTimeOffset.UnixEpoch, _midnight), _actions, _propensities);
        return _propensities[0];
    }

    [Benchmark]
    public double DecideAndObserveHour()
    {
        _policy.Decide(new DecisionContext(132, DateTimeOffset.UnixEpoch, _noon), _actions, _propensities);
        _policy.Observe(new Transition(132, _noon, _actions, _rewards, _info, _noon));
        return _propensities[0];
    }

    [Benchmark]
    public long TrainTwoHundredDays()
    {
        var agent = new BudgetBanditPolicy(seed: 1);
        for (var (days, seed) = (0, 1UL); days < TrainingDays; seed++)
        {
            var length = Math.Min(30, TrainingDays - days);
            EpisodeRunner.Run(new SimulatedEnvironment(DefaultFamily.Sample(seed, AdSets)), agent, length * 24, seed);
            days += length;
        }

        return agent.Metrics.Updates;
    }
}
