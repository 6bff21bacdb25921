using AdPilot.Core.Simulation;

namespace AdPilot.Core.Agents.Dqn;

/// <summary>
/// The learning half of a Double DQN: replay, input normalisation, online and target networks, Huber loss on the
/// chosen action, global-norm clipping and Adam. One <see cref="TrainStep"/> is one gradient step. Given the same
/// seed and the same observed transitions, it computes the same parameters bit for bit on the same machine.
/// </summary>
public sealed class DqnLearner
{
    private readonly DqnLearnerOptions _options;
    private readonly ReplayBatch _batch;
    private readonly float[] _nextOnlineQ;
    private readonly float[] _targets;
    private readonly float[] _outputGradients;
    private readonly float[] _single;
    private Rng _rng;

    /// <summary>Initializes a new instance of the <see cref="DqnLearner"/> class.</summary>
    /// <param name="stateSize">The number of features per state.</param>
    /// <param name="actionCount">The number of discrete actions.</param>
    /// <param name="options">The hyperparameters.</param>
    public DqnLearner(int stateSize, int actionCount, DqnLearnerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        var hidden = options.HiddenSizes.ToArray();
        var batchSize = options.BatchSize;
        var init = Rng.ForStream(options.Seed, 0xD011);
        Online = new Mlp(stateSize, hidden, actionCount, batchSize);
        Online.InitializeHe(ref init);
        Target = new Mlp(stateSize, hidden, actionCount, batchSize);
        Target.CopyParametersFrom(Online);
        Optimizer = new Adam(Online.ParameterCount, options.Adam);
        Normalizer = new RunningNormalizer(stateSize);
        Replay = new ReplayBuffer(options.ReplayCapacity, stateSize);
        _rng = Rng.ForStream(options.Seed, 0xD012);
        _batch = new ReplayBatch(batchSize, stateSize);
        _nextOnlineQ = new float[batchSize * actionCount];
        _targets = new float[batchSize];
        _outputGradients = new float[batchSize * actionCount];
        _single = new float[stateSize];
    }

    /// <summary>Gets the network trained every step.</summary>
    public Mlp Online { get; }

    /// <summary>Gets the slowly updated network that values the bootstrap action.</summary>
    public Mlp Target { get; }

    /// <summary>Gets the optimiser of <see cref="Online"/>.</summary>
    public Adam Optimizer { get; }

    /// <summary>Gets the input statistics, updated by <see cref="Observe"/>.</summary>
    public RunningNormalizer Normalizer { get; }

    /// <summary>Gets the replay buffer.</summary>
    public ReplayBuffer Replay { get; }

    /// <summary>Gets or sets the number of gradient steps taken, which times the target updates; set it only when restoring a checkpoint.</summary>
    public long StepCount { get; set; }

    /// <summary>Gets the global gradient norm of the last step, before clipping.</summary>
    public float LastGradientNorm { get; private set; }

    /// <summary>Stores a transition and adds its state to the input statistics.</summary>
    /// <param name="state">The state s.</param>
    /// <param name="action">The index of the action taken.</param>
    /// <param name="reward">The reward r.</param>
    /// <param name="nextState">The state s' that followed.</param>
    /// <param name="done">Whether the episode ended with this transition.</param>
    public void Observe(ReadOnlySpan<float> state, int action, float reward, ReadOnlySpan<float> nextState, bool done)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(action, Online.OutputSize);
        Replay.Add(state, action, reward, nextState, done);
        if (_options.NormalizeInputs)
        {
            Normalizer.Update(state);
        }
    }

    /// <summary>
    /// One gradient step: sample a batch, normalise it, compute Double-DQN targets, back-propagate the Huber loss of
    /// the chosen actions, clip, apply Adam, and update the target network when it is due.
    /// </summary>
    /// <returns>The mean Huber loss of the batch before the step.</returns>
    public float TrainStep()
    {
        var batchSize = _batch.Size;
        var actions = Online.OutputSize;
        Replay.Sample(ref _rng, _batch);
        if (_options.NormalizeInputs)
        {
            Normalizer.Normalize(_batch.States, _batch.States);
            Normalizer.Normalize(_batch.NextStates, _batch.NextStates);
        }

        Online.Forward(_batch.NextStates, batchSize).CopyTo(_nextOnlineQ);
        var nextTargetQ = Target.Forward(_batch.NextStates, batchSize);
        DoubleDqnTarget.Compute(_batch.Rewards, _batch.Dones, _nextOnlineQ, nextTargetQ, actions, _options.Gamma, _targets);

        var q = Online.Forward(_batch.States, batchSize);
        var loss = HuberLoss.ChosenActionLoss(q, actions, _batch.Actions, _targets, _options.HuberDelta, _outputGradients);
        Online.ZeroGradients();
        Online.Backward(_outputGradients);
        LastGradientNorm = GradientClipping.ClipByGlobalNorm(Online.Gradients, _options.MaxGradientNorm);
        Optimizer.Update(Online.Parameters, Online.Gradients);

        StepCount++;
        if (StepCount % _options.TargetUpdateInterval == 0)
        {
            if (_options.TargetSmoothing >= 1)
            {
                Target.CopyParametersFrom(Online);
            }
            else
            {
                Target.BlendParametersFrom(Online, _options.TargetSmoothing);
            }
        }

        return loss;
    }

    /// <summary>The online network's Q-values of one state, normalised as in training.</summary>
    /// <param name="state">The state.</param>
    /// <returns>One Q-value per action; a view of a work buffer, overwritten by the next call or step.</returns>
    public ReadOnlySpan<float> QValues(ReadOnlySpan<float> state)
    {
        if (_options.NormalizeInputs)
        {
            Normalizer.Normalize(state, _single);
        }
        else
        {
            state.CopyTo(_single);
        }

        return Online.Forward(_single, 1);
    }
}
