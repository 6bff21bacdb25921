using AdPilot.Core.Agents;
using AdPilot.Core.Agents.Features;
using AdPilot.Core.Agents.QLearning;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;
using BenchmarkDotNet.Attributes;

namespace AdPilot.Benchmarks.Agents;

/// <summary>
/// Tabular Q-learning on one core over the agent's real table (1,800 rows × 5 moves): the agent's update
/// (<see cref="QLearningAgent.Learn"/>: the TD update plus the learning-rate schedule and the loss average), the bare
/// <see cref="QTable.Update"/>, and one decision hour of an 8-ad-set store (Decide, then an Observe that closes every ad
/// set's interval: 8 epsilon-greedy decisions and 8 updates). BenchmarkDotNet reports the time per update
/// (OperationsPerInvoke), so updates per second = 1 s ÷ Mean; the memory column shows that none of them allocates.
/// Target: at least 2 million agent updates per second.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class QLearningBenchmarks
{
    private const int Transitions = 4096;
    private const int Hours = 16;

    private readonly int[] _states = new int[Transitions];
    private readonly int[] _actions = new int[Transitions];
    private readonly double[] _rewards = new double[Transitions];
    private readonly int[] _nextStates = new int[Transitions];
    private QLearningAgent _agent = null!;
    private QTable _table = null!;
    private QLearningAgent _hourAgent = null!;
    private AdEnvironmentState[] _midnight = null!;
    private AdAction[] _decided = null!;
    private double[] _propensities = null!;
    private RewardMetrics[] _hourRewards = null!;
    private AdSetHourInfo[] _hourInfo = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Rng(3);
        for (var i = 0; i < Transitions; i++)
        {
            _states[i] = rng.NextInt(StateDiscretizer.StateCount);
            _actions[i] = rng.NextInt(5);
            _rewards[i] = rng.NextNormal();
            _nextStates[i] = rng.NextInt(StateDiscretizer.StateCount);
        }

        _agent = new QLearningAgent();
        _table = new QTable(StateDiscretizer.StateCount, 5);

        var world = new SimulatedEnvironment(DefaultFamily.Sample(1, 8));
        var result = world.Reset();
        _midnight = result.States.ToArray();
        _decided = new AdAction[_midnight.Length];
        _propensities = new double[_midnight.Length];
        _hourAgent = new QLearningAgent();
        _hourAgent.Reset(new PolicyContext(world.AdSets, world.Currency, world.Limits, 1));
        _hourAgent.Decide(new DecisionContext(0, result.HourStartUtc, _midnight), _decided, _propensities);
        result = world.Step(_decided);
        _hourRewards = result.Rewards.ToArray();
        _hourInfo = result.Info.ToArray();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Transitions)]
    public double AgentLearn()
    {
        var sum = 0.0;
        for (var i = 0; i < Transitions; i++)
        {
            sum += _agent.Learn(_states[i], _actions[i], _rewards[i], _nextStates[i]);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Transitions)]
    public double TableUpdate()
    {
        var sum = 0.0;
        for (var i = 0; i < Transitions; i++)
        {
            sum += _table.Update(_states[i], _actions[i], _rewards[i], _nextStates[i], 0.9, 0.05);
        }

        return sum;
    }

    // Per update: each hour makes one decision and one update per ad set, so the time per ad set-decision.
    [Benchmark(OperationsPerInvoke = Hours * 8)]
    public double DecisionHour()
    {
        for (var h = 0; h < Hours; h++)
        {
            _hourAgent.Decide(new DecisionContext(0, default, _midnight), _decided, _propensities);
            _hourAgent.Observe(new Transition(0, _midnight, _decided, _hourRewards, _hourInfo, _midnight));
        }

        return _propensities[0];
    }
}
