using AdPilot.Core.Agents.Dqn;
using AdPilot.Core.Simulation;
using BenchmarkDotNet.Attributes;

namespace AdPilot.Benchmarks.Agents;

/// <summary>
/// DQN gradient steps on one core at batch 64 for a 16-input, 64-64 hidden, 5-action network: a full
/// <see cref="DqnLearner.TrainStep"/> (sample, normalise, three forward passes, Double-DQN targets, Huber gradient,
/// backward, clip, Adam) and the bare forward-backward of the online network. BenchmarkDotNet reports the time per
/// step (OperationsPerInvoke), so steps per second = 1 s ÷ Mean. Target: at least 5,000 steps per second.
/// </summary>
[MemoryDiagnoser]
public class DqnBenchmarks
{
    private const int Steps = 100;
    private const int StateSize = 16;
    private const int ActionCount = 5;
    private const int BatchSize = 64;

    private DqnLearner _learner = null!;
    private Mlp _network = null!;
    private float[] _inputs = null!;
    private float[] _outputGradients = null!;

    [GlobalSetup]
    public void Setup()
    {
        var options = new DqnLearnerOptions { HiddenSizes = [64, 64], BatchSize = BatchSize, ReplayCapacity = 10_000, Seed = 1 };
        _learner = new DqnLearner(StateSize, ActionCount, options);
        var rng = new Rng(2);
        var state = new float[StateSize];
        var next = new float[StateSize];
        for (var i = 0; i < 10_000; i++)
        {
            for (var f = 0; f < StateSize; f++)
            {
                state[f] = (float)rng.NextNormal();
                next[f] = (float)rng.NextNormal();
            }

            _learner.Observe(state, rng.NextInt(ActionCount), (float)rng.NextNormal(), next, rng.NextInt(20) == 0);
        }

        _network = new Mlp(StateSize, [64, 64], ActionCount, BatchSize);
        _network.InitializeHe(ref rng);
        _inputs = new float[BatchSize * StateSize];
        _outputGradients = new float[BatchSize * ActionCount];
        for (var i = 0; i < _inputs.Length; i++)
        {
            _inputs[i] = (float)rng.NextNormal();
        }

        for (var i = 0; i < _outputGradients.Length; i++)
        {
            _outputGradients[i] = (float)rng.NextNormal() / BatchSize;
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Steps)]
    public float LearnerTrainStep()
    {
        var loss = 0f;
        for (var i = 0; i < Steps; i++)
        {
            loss += _learner.TrainStep();
        }

        return loss;
    }

    [Benchmark(OperationsPerInvoke = Steps)]
    public float MlpForwardBackward()
    {
        var sum = 0f;
        for (var i = 0; i < Steps; i++)
        {
            sum += _network.Forward(_inputs, BatchSize)[0];
            _network.ZeroGradients();
            _network.Backward(_outputGradients);
        }

        return sum;
    }
}
