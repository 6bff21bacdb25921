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
public sealed class QLearningAgent : ILearningAgent
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
    private readonly double[] _instagramMoves;
    private readonly double[] _tikTokMoves;
    private readonly int _holdIndex;
    private readonly int _switchIndex;
    private readonly QTable _table;
    private PolicyContext? _context;
    private Rng _rng;
    private long _updates;
    private long _trainingDecisions;
    private double _lossAverage = double.NaN;

    // Per ad set of the current episode: the open decision (row −1 when none) and the reward gathered since.
    private int[] _pendingRow = [];
    private int[] _pendingAction = [];
    private double[] _intervalReward = [];

    /// <summary>Initializes a new instance of the <see cref="QLearningAgent"/> class with an empty table, in training.</summary>
    /// <param name="options">The hyperparameters; the defaults when null.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public QLearningAgent(QLearningOptions? options = null)
    {
        _options = options ?? new QLearningOptions();
        _options.Validate();
        _instagramMoves = [.. _options.InstagramMoves];
        _tikTokMoves = [.. _options.TikTokMoves];
        _holdIndex = BudgetMoves.HoldIndex(_instagramMoves);
        _switchIndex = BudgetMoves.SwitchIndex(_instagramMoves.Length);
        _table = new QTable(StateDiscretizer.StateCount, BudgetMoves.ActionCount(_instagramMoves.Length));
    }

    /// <inheritdoc />
    public string Name => AgentKind;

    /// <inheritdoc />
    public string Kind => AgentKind;

    /// <inheritdoc />
    public bool Training { get; set; } = true;

    /// <summary>Gets the hyperparameters.</summary>
    public QLearningOptions Options => _options;

    /// <summary>Gets the number of actions: the moves per platform, then the switch to lowest cost (<see cref="SwitchAction"/>).</summary>
    public int ActionCount => _table.ActionCount;

    /// <summary>Gets the index of the action that switches a capped ad set to lowest-cost bidding with its budget held: the last one.</summary>
    public int SwitchAction => _switchIndex;

    /// <summary>Gets the table, for inspection; update it only through <see cref="Learn"/>, which also advances the schedules and the metrics.</summary>
    public QTable Table => _table;

    /// <summary>Gets the exploration rate the next decision uses.</summary>
    public double CurrentEpsilon => Training ? _options.Epsilon.ValueAt(_trainingDecisions) : _options.EvaluationEpsilon;

    /// <summary>Gets the learning rate the next update uses (before the 1 / visits floor of a fresh entry).</summary>
    public double CurrentLearningRate => _options.LearningRate.ValueAt(_updates);

    /// <inheritdoc />
    /// <remarks>
    /// <see cref="AgentMetrics.Loss"/> is a moving average of the squared TD error over about the last hundred updates,
    /// so reading the metrics changes nothing; <see cref="AgentMetrics.TableSize"/> counts the visited entries.
    /// </remarks>
    public AgentMetrics Metrics => new(
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
        agent._trainingDecisions = counters[1];
        agent._lossAverage = loss[0];
        return agent;
    }

    /// <inheritdoc />
    public void Reset(PolicyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        var n = context.AdSets.Count;
        _pendingRow = new int[n];
        Array.Fill(_pendingRow, -1);
        _pendingAction = new int[n];
        _intervalReward = new double[n];
        _rng = Rng.ForStream(_options.Seed, ExplorationStream, context.Seed);
    }

    /// <inheritdoc />
    public void Decide(DecisionContext decision, Span<AdAction> actions, Span<double> propensities)
    {
        var context = _context ?? throw new InvalidOperationException("Reset must be called before Decide");
        for (var i = 0; i < decision.States.Length; i++)
        {
            var state = decision.States[i];
            actions[i] = AdAction.Keep(state);
            propensities[i] = 1;
            if (!BudgetMoves.IsDecisionHour(state.HourOfDay, _options.DecisionIntervalHours))
            {
                continue;
            }

            _pendingRow[i] = -1;
            if (state.Status == AdSetStatus.Paused)
            {
                continue;
            }

            var adSet = context.AdSets[i];
            var row = StateDiscretizer.Discretize(state, adSet);
            var offersSwitch = BudgetMoves.OffersSwitch(state);
            var values = _table.Row(row);
            var greedy = BudgetMoves.Greedy(offersSwitch ? values : values[.._switchIndex], _holdIndex);
            var epsilon = CurrentEpsilon;
            var chosen = BudgetMoves.Choose(ref _rng, epsilon, greedy, ActionCount);
            if (Training)
            {
                _trainingDecisions++;
            }

            var moves = state.Platform == Platform.TikTok ? _tikTokMoves : _instagramMoves;
            actions[i] = BudgetMoves.ActionOf(chosen, state, adSet, context.Limits, moves);
            propensities[i] = BudgetMoves.PropensityOf(actions[i], state, adSet, context.Limits, moves, greedy, epsilon);
            _pendingRow[i] = row;
            _pendingAction[i] = chosen == _switchIndex && !offersSwitch ? _holdIndex : chosen;
            _intervalReward[i] = 0;
        }
    }

    /// <inheritdoc />
    public void Observe(Transition transition)
    {
        var context = _context ?? throw new InvalidOperationException("Reset must be called before Observe");
        for (var i = 0; i < transition.Rewards.Length; i++)
        {
            if (_pendingRow[i] < 0)
            {
                continue;
            }

            var adSet = context.AdSets[i];
            _intervalReward[i] += transition.Rewards[i].Profit / Math.Max(adSet.StartingDailyBudget, 1e-9);
            var next = transition.NextStates[i];
            if (!BudgetMoves.IsDecisionHour(next.HourOfDay, _options.DecisionIntervalHours))
            {
                continue;
            }

            var nextRow = next.Status == AdSetStatus.Paused ? -1 : StateDiscretizer.Discretize(next, adSet);
            Learn(_pendingRow[i], _pendingAction[i], _intervalReward[i], nextRow, BudgetMoves.OffersSwitch(next));
            _pendingRow[i] = -1;
        }
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
        var nextActions = nextOffersSwitch ? ActionCount : _switchIndex;
        var error = _table.Update(state, action, reward, nextState, _options.Gamma, CurrentLearningRate, nextActions);
        _updates++;
        var squared = error * error;
        _lossAverage = double.IsNaN(_lossAverage) ? squared : _lossAverage + (LossAverageWeight * (squared - _lossAverage));
        return error;
    }

    /// <inheritdoc />
    public Checkpoint ToCheckpoint(string runId, DateTimeOffset createdAt, IReadOnlyDictionary<string, string> metadata)
    {
        int[] shape = [StateDiscretizer.StateCount, ActionCount];
        return new Checkpoint
        {
            AgentKind = AgentKind,
            AgentVersion = CheckpointVersion,
            CreatedAt = createdAt,
            RunId = runId,
            Metadata = LearningAgentCheckpoint.Metadata(
                metadata, ("updates", _updates), ("training_decisions", _trainingDecisions), ("visited_entries", _table.VisitedEntries)),
            OptionsJson = JsonSerializer.Serialize(_options, QLearningJsonContext.Default.QLearningOptions),
            Tensors =
            [
                CheckpointTensor.FromFloat64("q_values", shape, _table.Values),
                CheckpointTensor.FromInt64("visits", shape, _table.Visits),
                CheckpointTensor.FromInt64("counters", [_updates, _trainingDecisions]),
                CheckpointTensor.FromFloat64("loss_average", [_lossAverage]),
            ],
        };
    }
}
