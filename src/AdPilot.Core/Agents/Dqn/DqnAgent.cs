using System.Text.Json;
using AdPilot.Core.Agents.Checkpoints;
using AdPilot.Core.Agents.Features;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;

namespace AdPilot.Core.Agents.Dqn;

/// <summary>
/// A Double DQN over the same actions and decision intervals as <see cref="QLearning.QLearningAgent"/> — the budget moves
/// and the switch to lowest-cost bidding with the budget held: each active ad set's <see cref="StateEncoder"/> features
/// (as floats) go through a small MLP that values every action, and the agent picks epsilon-greedily. The reward of an
/// action is the ad set's profit over the interval divided by its starting daily
/// budget. Each completed interval is one transition in replay; once the replay holds a few batches, every transition is
/// followed by <see cref="DqnAgentOptions.TrainStepsPerTransition"/> gradient steps of the <see cref="DqnLearner"/>.
/// </summary>
/// <remarks>
/// Checkpoints keep the layer widths, the online and target weights, the Adam moments and step, the input normaliser's statistics and the
/// counters; they do not keep the replay, which is experience of the training stores rather than knowledge, and would
/// make a checkpoint hundreds of times larger. A loaded agent therefore waits for
/// <see cref="DqnAgentOptions.MinReplayToTrain"/> transitions of its new store before it takes gradient steps. Paused
/// ad sets are handled as by the Q-learning agent: left alone, no transition, and a pause at the end of an interval ends
/// the transition without bootstrapping.
/// <para>
/// The switch changes something only on an ad set running a cost cap or bid cap. Unlike the Q-learner's rows, the
/// features say which bid strategy runs, so the network needs no mask: on lowest cost the switch is an action whose
/// effect is holding, it is learned as such (its value there tracks the hold's), and a choice of it proposes the hold
/// and shares the hold's propensity.
/// </para>
/// </remarks>
public sealed class DqnAgent : DailyMoveAgent
{
    /// <summary>The agent's kind in checkpoints and on the command line.</summary>
    public const string AgentKind = "dqn";

    /// <summary>The checkpoint schema this build writes and reads.</summary>
    /// <remarks>Version 2 added the switch to lowest cost: a network with one output more than the moves.</remarks>
    public const int CheckpointVersion = 2;

    private const ulong ExplorationStream = 0xD0A6E;
    private const int Features = StateEncoder.Length;
    private const double LossAverageWeight = 0.01;

    private readonly DqnAgentOptions _options;
    private readonly DqnLearner _learner;
    private readonly double[] _encoded = new double[Features];
    private readonly float[] _nextFeatures = new float[Features];
    private readonly float[] _probeFeatures = new float[Features];
    private readonly double[] _values;
    private double _lossAverage = double.NaN;

    // Per ad set of the current episode: the features of the open decision.
    private float[] _pendingFeatures = [];

    /// <summary>Initializes a new instance of the <see cref="DqnAgent"/> class with freshly initialised networks, in training.</summary>
    /// <param name="options">The hyperparameters; the defaults when null.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public DqnAgent(DqnAgentOptions? options = null)
        : base(Validated(options ??= new DqnAgentOptions()).InstagramMoves, options.TikTokMoves, options.DecisionIntervalHours, options.Epsilon, options.EvaluationEpsilon, options.Seed, ExplorationStream)
    {
        _options = options;
        _learner = new DqnLearner(Features, ActionCount, options.Learner with { Seed = options.Seed });
        _values = new double[ActionCount];
    }

    /// <inheritdoc />
    public override string Name => AgentKind;

    /// <inheritdoc />
    public override string Kind => AgentKind;

    /// <summary>Gets the hyperparameters.</summary>
    public DqnAgentOptions Options => _options;

    /// <summary>Gets the learner: networks, optimiser, normaliser and replay.</summary>
    public DqnLearner Learner => _learner;

    /// <inheritdoc />
    /// <remarks>
    /// <see cref="AgentMetrics.Updates"/> counts gradient steps; <see cref="AgentMetrics.Loss"/> is a moving average of the
    /// Huber loss over about the last hundred steps; <see cref="AgentMetrics.TableSize"/> is the online network's
    /// parameter count.
    /// </remarks>
    public override AgentMetrics Metrics => new(
        _learner.StepCount,
        CurrentEpsilon,
        _learner.Optimizer.LearningRate,
        double.IsNaN(_lossAverage) ? null : _lossAverage,
        _learner.Online.ParameterCount);

    /// <summary>Loads an agent saved by <see cref="ToCheckpoint"/>.</summary>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <returns>The agent, in training, with an empty replay.</returns>
    /// <exception cref="CheckpointException">
    /// The checkpoint holds another kind or version of agent, options that do not read or validate, or tensors missing or
    /// of the wrong type or shape.
    /// </exception>
    public static DqnAgent FromCheckpoint(Checkpoint checkpoint)
    {
        LearningAgentCheckpoint.EnsureAgent(checkpoint, AgentKind, CheckpointVersion);
        var options = LearningAgentCheckpoint.ReadOptions(checkpoint, DqnAgentJsonContext.Default.DqnAgentOptions, o => o.Validate());
        var agent = new DqnAgent(options);
        var learner = agent._learner;
        int[] parameters = [learner.Online.ParameterCount];
        int[] features = [Features];
        var layers = LayerSizes(learner.Online);
        var saved = checkpoint.GetTensor("layer_sizes", CheckpointTensorType.Int64, [layers.Length]).AsInt64();
        if (!saved.SequenceEqual(layers))
        {
            throw new CheckpointException(
                CheckpointError.TensorMismatch,
                $"the 'dqn' checkpoint of run '{checkpoint.RunId}' holds a network of layers [{string.Join(", ", saved.ToArray())}], "
                + $"but its options describe [{string.Join(", ", layers)}]");
        }

        checkpoint.GetTensor("online", CheckpointTensorType.Float32, parameters).AsFloat32().CopyTo(learner.Online.Parameters);
        checkpoint.GetTensor("target", CheckpointTensorType.Float32, parameters).AsFloat32().CopyTo(learner.Target.Parameters);
        checkpoint.GetTensor("adam_m", CheckpointTensorType.Float32, parameters).AsFloat32().CopyTo(learner.Optimizer.FirstMoment);
        checkpoint.GetTensor("adam_v", CheckpointTensorType.Float32, parameters).AsFloat32().CopyTo(learner.Optimizer.SecondMoment);
        var mean = checkpoint.GetTensor("normalizer_mean", CheckpointTensorType.Float64, features).AsFloat64();
        var m2 = checkpoint.GetTensor("normalizer_m2", CheckpointTensorType.Float64, features).AsFloat64();
        var counters = LearningAgentCheckpoint.NonNegative(checkpoint, checkpoint.GetTensor("counters", CheckpointTensorType.Int64, [4]));
        learner.Normalizer.Restore(counters[3], mean, m2);
        learner.StepCount = counters[0];
        learner.Optimizer.StepCount = counters[1];
        agent.TrainingDecisions = counters[2];
        agent._lossAverage = checkpoint.GetTensor("loss_average", CheckpointTensorType.Float64, [1]).AsFloat64()[0];
        return agent;
    }

    /// <inheritdoc />
    private protected override void OnReset(int adSets) => _pendingFeatures = new float[adSets * Features];

    /// <inheritdoc />
    private protected override int Greedy(int index, in AdEnvironmentState state, AdSetDescriptor adSet, bool offersSwitch)
    {
        var features = _pendingFeatures.AsSpan(index * Features, Features);
        Encode(state, adSet, features);
        return GreedyIn(features);
    }

    /// <inheritdoc />
    private protected override int GreedyOf(in AdEnvironmentState state, AdSetDescriptor adSet, bool offersSwitch)
    {
        Encode(state, adSet, _probeFeatures);
        return GreedyIn(_probeFeatures);
    }

    private int GreedyIn(ReadOnlySpan<float> features)
    {
        var q = _learner.QValues(features);
        for (var a = 0; a < _values.Length; a++)
        {
            _values[a] = q[a];
        }

        return BudgetMoves.Greedy(_values, HoldIndex);
    }

    /// <inheritdoc />
    private protected override void LearnInterval(int index, int action, double reward, in AdEnvironmentState next, AdSetDescriptor adSet)
    {
        var done = next.Status == AdSetStatus.Paused;
        Encode(next, adSet, _nextFeatures);
        _learner.Observe(_pendingFeatures.AsSpan(index * Features, Features), action, (float)reward, _nextFeatures, done);
        if (_learner.Replay.Count < _options.MinReplayToTrain)
        {
            return;
        }

        for (var k = 0; k < _options.TrainStepsPerTransition; k++)
        {
            double loss = _learner.TrainStep();
            _lossAverage = double.IsNaN(_lossAverage) ? loss : _lossAverage + (LossAverageWeight * (loss - _lossAverage));
        }
    }

    /// <inheritdoc />
    public override Checkpoint ToCheckpoint(string runId, DateTimeOffset createdAt, IReadOnlyDictionary<string, string> metadata)
    {
        var learner = _learner;
        return new Checkpoint
        {
            AgentKind = AgentKind,
            AgentVersion = CheckpointVersion,
            CreatedAt = createdAt,
            RunId = runId,
            Metadata = LearningAgentCheckpoint.Metadata(
                metadata, ("gradient_steps", learner.StepCount), ("training_decisions", TrainingDecisions), ("parameters", learner.Online.ParameterCount)),
            OptionsJson = JsonSerializer.Serialize(_options, DqnAgentJsonContext.Default.DqnAgentOptions),
            Tensors =
            [
                CheckpointTensor.FromInt64("layer_sizes", LayerSizes(learner.Online)),
                CheckpointTensor.FromFloat32("online", learner.Online.Parameters),
                CheckpointTensor.FromFloat32("target", learner.Target.Parameters),
                CheckpointTensor.FromFloat32("adam_m", learner.Optimizer.FirstMoment),
                CheckpointTensor.FromFloat32("adam_v", learner.Optimizer.SecondMoment),
                CheckpointTensor.FromFloat64("normalizer_mean", learner.Normalizer.Mean),
                CheckpointTensor.FromFloat64("normalizer_m2", learner.Normalizer.SumOfSquares),
                CheckpointTensor.FromInt64("counters", [learner.StepCount, learner.Optimizer.StepCount, TrainingDecisions, learner.Normalizer.Count]),
                CheckpointTensor.FromFloat64("loss_average", [_lossAverage]),
            ],
        };
    }

    private static long[] LayerSizes(Mlp network)
    {
        var sizes = new long[network.LayerCount + 1];
        for (var l = 0; l < sizes.Length; l++)
        {
            sizes[l] = network.LayerWidth(l);
        }

        return sizes;
    }

    private void Encode(in AdEnvironmentState state, AdSetDescriptor adSet, Span<float> features)
    {
        StateEncoder.Encode(state, adSet, _encoded);
        for (var f = 0; f < Features; f++)
        {
            features[f] = (float)_encoded[f];
        }
    }

    private static DqnAgentOptions Validated(DqnAgentOptions options)
    {
        options.Validate();
        return options;
    }
}
