using System.Text.Json;
using AdPilot.Core.Agents.Checkpoints;
using AdPilot.Core.Agents.Features;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;

namespace AdPilot.Core.Agents.QLearning;

/// <summary>
/// Tabular Q-learning over budget moves and a bid-strategy switch. Every <see cref="QLearningOptions.DecisionIntervalHours"/>
/// (once a day at local midnight by default) it reads each active ad set's <see cref="StateDiscretizer"/> row and picks,
/// epsilon-greedily, one move of a small budget grid or — the last action — a switch to lowest-cost bidding with the
/// budget held; the action's reward is the ad set's profit over the interval divided by its starting daily
/// budget, so stores of every size share one table. At the next decision hour it makes the one-step update
/// Q(s, a) ← Q(s, a) + α (r + γ max Q(s', ·) − Q(s, a)). One table serves every ad set of every store it meets.
/// </summary>
/// <remarks>
/// Paused ad sets are left as they are (propensity 1) and teach the table nothing: the agent never pauses or resumes, so
/// a pause is someone else's decision and the hours after it say nothing about a move. When an ad set is paused at the
/// end of an interval the update does not bootstrap, since the agent expects nothing more from it.
/// <para>
/// The switch is offered only to an ad set running a cost cap or bid cap. The rows do not tell capped ad sets from the
/// others, so on lowest cost the switch is left out of the greedy choice and of the bootstrap max, and an exploratory
/// draw of it holds the budget, is learned as the hold it is, and shares the hold's propensity. Its column therefore
/// learns only from real switches.
/// </para>
/// </remarks>
public sealed class QLearningAgent : DailyMoveAgent
{
    /// <summary>The agent's kind in checkpoints and on the command line.</summary>
    public const string AgentKind = "qlearning";

    /// <summary>The checkpoint schema this build writes and reads.</summary>
    /// <remarks>Version 2 added the switch to lowest cost: a table of one column more than the moves.</remarks>
    public const int CheckpointVersion = 2;

    private const ulong ExplorationStream = 0x9_1EA4;

    // Squared TD errors are averaged with weight 1/100 on the newest: about the last hundred updates.
    private const double LossAverageWeight = 0.01;

    private readonly QLearningOptions _options;
    private readonly QTable _table;
    private long _updates;
    private double _lossAverage = double.NaN;

    // Per ad set of the current episode: the row of the open decision.
    private int[] _pendingRow = [];

    /// <summary>Initializes a new instance of the <see cref="QLearningAgent"/> class with an empty table, in training.</summary>
    /// <param name="options">The hyperparameters; the defaults when null.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public QLearningAgent(QLearningOptions? options = null)
        : base(Validated(options ??= new QLearningOptions()).InstagramMoves, options.TikTokMoves, options.DecisionIntervalHours, options.Epsilon, options.EvaluationEpsilon, options.Seed, ExplorationStream)
    {
        _options = options;
        _table = new QTable(StateDiscretizer.StateCount, ActionCount);
    }

    /// <inheritdoc />
    public override string Name => AgentKind;

    /// <inheritdoc />
    public override string Kind => AgentKind;

    /// <summary>Gets the hyperparameters.</summary>
    public QLearningOptions Options => _options;

    /// <summary>Gets the table, for inspection; update it only through <see cref="Learn"/>, which also advances the schedules and the metrics.</summary>
    public QTable Table => _table;

    /// <summary>Gets the learning rate the next update uses (before the 1 / visits floor of a fresh entry).</summary>
    public double CurrentLearningRate => _options.LearningRate.ValueAt(_updates);

    /// <inheritdoc />
    /// <remarks>
    /// <see cref="AgentMetrics.Loss"/> is a moving average of the squared TD error over about the last hundred updates,
    /// so reading the metrics changes nothing; <see cref="AgentMetrics.TableSize"/> counts the visited entries.
    /// </remarks>
    public override AgentMetrics Metrics => new(
        _updates,
        CurrentEpsilon,
        CurrentLearningRate,
        double.IsNaN(_lossAverage) ? null : _lossAverage,
        _table.VisitedEntries);

    /// <summary>Loads an agent saved by <see cref="ToCheckpoint"/>.</summary>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <returns>The agent, in training.</returns>
    /// <exception cref="CheckpointException">
    /// The checkpoint holds another kind or version of agent, options that do not read or validate, or tensors missing or
    /// of the wrong type or shape.
    /// </exception>
    public static QLearningAgent FromCheckpoint(Checkpoint checkpoint)
    {
        LearningAgentCheckpoint.EnsureAgent(checkpoint, AgentKind, CheckpointVersion);
        var options = LearningAgentCheckpoint.ReadOptions(checkpoint, QLearningJsonContext.Default.QLearningOptions, o => o.Validate());
        var agent = new QLearningAgent(options);
        int[] shape = [StateDiscretizer.StateCount, agent.ActionCount];
        var values = checkpoint.GetTensor("q_values", CheckpointTensorType.Float64, shape).AsFloat64();
        var visits = LearningAgentCheckpoint.NonNegative(checkpoint, checkpoint.GetTensor("visits", CheckpointTensorType.Int64, shape));
        var counters = LearningAgentCheckpoint.NonNegative(checkpoint, checkpoint.GetTensor("counters", CheckpointTensorType.Int64, [2]));
        var loss = checkpoint.GetTensor("loss_average", CheckpointTensorType.Float64, [1]).AsFloat64();
        agent._table.Restore(values, visits);
        agent._updates = counters[0];
        agent.TrainingDecisions = counters[1];
        agent._lossAverage = loss[0];
        return agent;
    }

    /// <inheritdoc />
    private protected override void OnReset(int adSets) => _pendingRow = new int[adSets];

    /// <inheritdoc />
    private protected override int Greedy(int index, in AdEnvironmentState state, AdSetDescriptor adSet, bool offersSwitch)
    {
        var row = StateDiscretizer.Discretize(state, adSet);
        _pendingRow[index] = row;
        return GreedyIn(row, offersSwitch);
    }

    /// <inheritdoc />
    private protected override int GreedyOf(in AdEnvironmentState state, AdSetDescriptor adSet, bool offersSwitch) =>
        GreedyIn(StateDiscretizer.Discretize(state, adSet), offersSwitch);

    /// <inheritdoc />
    /// <remarks>An exploratory switch on lowest cost holds the budget, so it is learned as the hold.</remarks>
    private protected override int Recorded(int chosen, bool offersSwitch) => chosen == SwitchAction && !offersSwitch ? HoldIndex : chosen;

    /// <inheritdoc />
    private protected override void LearnInterval(int index, int action, double reward, in AdEnvironmentState next, AdSetDescriptor adSet)
    {
        var nextRow = next.Status == AdSetStatus.Paused ? -1 : StateDiscretizer.Discretize(next, adSet);
        Learn(_pendingRow[index], action, reward, nextRow, BudgetMoves.OffersSwitch(next));
    }

    /// <summary>
    /// One Q-learning update at the scheduled learning rate, counted in <see cref="Metrics"/>; allocation-free. The agent
    /// calls it at the end of each decision interval; tests and benchmarks call it directly.
    /// </summary>
    /// <param name="state">The row decided in.</param>
    /// <param name="action">The action taken.</param>
    /// <param name="reward">The interval's profit over the starting daily budget.</param>
    /// <param name="nextState">The row at the next decision, or −1 when there is none to bootstrap from.</param>
    /// <param name="nextOffersSwitch">
    /// Whether the switch to lowest cost is available at the next decision (the ad set runs a cap then); when not, the
    /// bootstrap max leaves the switch's column out.
    /// </param>
    /// <returns>The TD error before the update.</returns>
    public double Learn(int state, int action, double reward, int nextState, bool nextOffersSwitch = true)
    {
        var nextActions = nextOffersSwitch ? ActionCount : SwitchAction;
        var error = _table.Update(state, action, reward, nextState, _options.Gamma, CurrentLearningRate, nextActions);
        _updates++;
        var squared = error * error;
        _lossAverage = double.IsNaN(_lossAverage) ? squared : _lossAverage + (LossAverageWeight * (squared - _lossAverage));
        return error;
    }

    /// <inheritdoc />
    public override Checkpoint ToCheckpoint(string runId, DateTimeOffset createdAt, IReadOnlyDictionary<string, string> metadata)
    {
        int[] shape = [StateDiscretizer.StateCount, ActionCount];
        return new Checkpoint
        {
            AgentKind = AgentKind,
            AgentVersion = CheckpointVersion,
            CreatedAt = createdAt,
            RunId = runId,
            Metadata = LearningAgentCheckpoint.Metadata(
                metadata, ("updates", _updates), ("training_decisions", TrainingDecisions), ("visited_entries", _table.VisitedEntries)),
            OptionsJson = JsonSerializer.Serialize(_options, QLearningJsonContext.Default.QLearningOptions),
            Tensors =
            [
                CheckpointTensor.FromFloat64("q_values", shape, _table.Values),
                CheckpointTensor.FromInt64("visits", shape, _table.Visits),
                CheckpointTensor.FromInt64("counters", [_updates, TrainingDecisions]),
                CheckpointTensor.FromFloat64("loss_average", [_lossAverage]),
            ],
        };
    }

    private int GreedyIn(int row, bool offersSwitch)
    {
        var values = _table.Row(row);
        return BudgetMoves.Greedy(offersSwitch ? values : values[..SwitchAction], HoldIndex);
    }

    private static QLearningOptions Validated(QLearningOptions options)
    {
        options.Validate();
        return options;
    }
}
