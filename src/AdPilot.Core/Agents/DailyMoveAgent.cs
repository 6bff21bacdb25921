using AdPilot.Core.Agents.Checkpoints;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;
using AdPilot.Core.Training;

namespace AdPilot.Core.Agents;

/// <summary>
/// What the Q-learner and the DQN share: once per decision interval (a local day by default) each active ad set gets
/// one action, chosen epsilon-greedily among the budget moves and the switch to lowest-cost bidding; the rewards of
/// the hours until the next decision, each divided by the ad set's starting daily budget, add up to the action's
/// reward, which the agent learns from at the next decision hour. The agents differ only in how they value an action
/// and how they learn.
/// </summary>
/// <remarks>
/// Paused ad sets are left as they are (propensity 1) and teach nothing: the agents never pause or resume, so a pause
/// is someone else's decision. A pause at the end of an interval ends the transition without bootstrapping.
/// <para>
/// Off-policy evaluation (<see cref="IActionProbabilities"/>) replays the agents frozen: epsilon-greedy's probabilities
/// are exact at the exploration rate the agent would use now (<see cref="CurrentEpsilon"/>: the evaluation rate once
/// <see cref="Training"/> is off), outside decision hours the hold has probability 1, and the replay neither learns nor
/// draws exploration.
/// </para>
/// </remarks>
public abstract class DailyMoveAgent : ILearningAgent, IActionProbabilities
{
    private readonly double[] _instagramMoves;
    private readonly double[] _tikTokMoves;
    private readonly int _decisionIntervalHours;
    private readonly DecaySchedule _epsilon;
    private readonly double _evaluationEpsilon;
    private readonly ulong _seed;
    private readonly ulong _explorationStream;
    private PolicyContext? _context;
    private Rng _rng;

    // Per ad set of the current episode: the open decision's action (−1 when none) and the reward gathered since.
    private int[] _pendingAction = [];
    private double[] _intervalReward = [];

    private protected DailyMoveAgent(
        IReadOnlyList<double> instagramMoves,
        IReadOnlyList<double> tikTokMoves,
        int decisionIntervalHours,
        DecaySchedule epsilon,
        double evaluationEpsilon,
        ulong seed,
        ulong explorationStream)
    {
        _instagramMoves = [.. instagramMoves];
        _tikTokMoves = [.. tikTokMoves];
        _decisionIntervalHours = decisionIntervalHours;
        _epsilon = epsilon;
        _evaluationEpsilon = evaluationEpsilon;
        _seed = seed;
        _explorationStream = explorationStream;
        HoldIndex = BudgetMoves.HoldIndex(_instagramMoves);
        SwitchAction = BudgetMoves.SwitchIndex(_instagramMoves.Length);
        ActionCount = BudgetMoves.ActionCount(_instagramMoves.Length);
    }

    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public abstract string Kind { get; }

    /// <inheritdoc />
    public bool Training { get; set; } = true;

    /// <summary>Gets the number of actions: the moves per platform, then the switch to lowest cost (<see cref="SwitchAction"/>).</summary>
    public int ActionCount { get; }

    /// <summary>Gets the index of the action that switches a capped ad set to lowest-cost bidding with its budget held: the last one.</summary>
    public int SwitchAction { get; }

    /// <summary>Gets the exploration rate the next decision uses.</summary>
    public double CurrentEpsilon => Training ? _epsilon.ValueAt(TrainingDecisions) : _evaluationEpsilon;

    /// <inheritdoc />
    public abstract AgentMetrics Metrics { get; }

    /// <summary>Gets the index of the move that holds the budget.</summary>
    private protected int HoldIndex { get; }

    /// <summary>Gets or sets the decisions made in training, which drive the epsilon schedule.</summary>
    private protected long TrainingDecisions { get; set; }

    /// <inheritdoc />
    public void Reset(PolicyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        var n = context.AdSets.Count;
        _pendingAction = new int[n];
        Array.Fill(_pendingAction, -1);
        _intervalReward = new double[n];
        _rng = Rng.ForStream(_seed, _explorationStream, context.Seed);
        OnReset(n);
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
            if (!BudgetMoves.IsDecisionHour(state.HourOfDay, _decisionIntervalHours))
            {
                continue;
            }

            _pendingAction[i] = -1;
            if (state.Status == AdSetStatus.Paused)
            {
                continue;
            }

            var adSet = context.AdSets[i];
            var offersSwitch = BudgetMoves.OffersSwitch(state);
            var greedy = Greedy(i, state, adSet, offersSwitch);
            var epsilon = CurrentEpsilon;
            var chosen = BudgetMoves.Choose(ref _rng, epsilon, greedy, ActionCount);
            if (Training)
            {
                TrainingDecisions++;
            }

            var moves = state.Platform == Platform.TikTok ? _tikTokMoves : _instagramMoves;
            actions[i] = BudgetMoves.ActionOf(chosen, state, adSet, context.Limits, moves);
            propensities[i] = BudgetMoves.PropensityOf(actions[i], state, adSet, context.Limits, moves, greedy, epsilon);
            _pendingAction[i] = Recorded(chosen, offersSwitch);
            _intervalReward[i] = 0;
        }
    }

    /// <inheritdoc />
    public void Observe(Transition transition)
    {
        var context = _context ?? throw new InvalidOperationException("Reset must be called before Observe");
        for (var i = 0; i < transition.Rewards.Length; i++)
        {
            if (_pendingAction[i] < 0)
            {
                continue;
            }

            var adSet = context.AdSets[i];
            _intervalReward[i] += transition.Rewards[i].Profit / Math.Max(adSet.StartingDailyBudget, 1e-9);
            var next = transition.NextStates[i];
            if (!BudgetMoves.IsDecisionHour(next.HourOfDay, _decisionIntervalHours))
            {
                continue;
            }

            LearnInterval(i, _pendingAction[i], _intervalReward[i], next, adSet);
            _pendingAction[i] = -1;
        }
    }

    /// <inheritdoc />
    /// <remarks>False: the agent is evaluated as its checkpoint left it; its value of an action depends only on the state.</remarks>
    public bool ReplaysTransitions => false;

    /// <inheritdoc />
    public double ProbabilityOf(DecisionContext decision, int index, in AdAction action)
    {
        var context = _context ?? throw new InvalidOperationException("Reset must be called before ProbabilityOf");
        var state = decision.States[index];
        if (!Decides(state))
        {
            return ActionEquivalence.Equivalent(AdAction.Keep(state), action, state.CurrentBudget) ? 1 : 0;
        }

        var adSet = context.AdSets[index];
        var greedy = GreedyOf(state, adSet, BudgetMoves.OffersSwitch(state));
        var moves = state.Platform == Platform.TikTok ? _tikTokMoves : _instagramMoves;
        var epsilon = CurrentEpsilon;
        var probability = 0.0;
        for (var a = 0; a < ActionCount; a++)
        {
            if (ActionEquivalence.Equivalent(BudgetMoves.ActionOf(a, state, adSet, context.Limits, moves), action, state.CurrentBudget))
            {
                probability += BudgetMoves.Propensity(epsilon, a == greedy, ActionCount);
            }
        }

        return Math.Min(probability, 1);
    }

    /// <inheritdoc />
    public void ProposalDistribution(DecisionContext decision, int index, IList<WeightedAction> distribution)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        var context = _context ?? throw new InvalidOperationException("Reset must be called before ProposalDistribution");
        distribution.Clear();
        var state = decision.States[index];
        if (!Decides(state))
        {
            distribution.Add(new WeightedAction(AdAction.Keep(state), 1));
            return;
        }

        var adSet = context.AdSets[index];
        var greedy = GreedyOf(state, adSet, BudgetMoves.OffersSwitch(state));
        var moves = state.Platform == Platform.TikTok ? _tikTokMoves : _instagramMoves;
        var epsilon = CurrentEpsilon;
        for (var a = 0; a < ActionCount; a++)
        {
            var action = BudgetMoves.ActionOf(a, state, adSet, context.Limits, moves);
            ActionEquivalence.Add(distribution, action, BudgetMoves.Propensity(epsilon, a == greedy, ActionCount), state.CurrentBudget);
        }
    }

    /// <inheritdoc />
    /// <remarks>Nothing to follow: the agent's proposals depend only on the state and what it learned.</remarks>
    public void Follow(DecisionContext decision, ReadOnlySpan<AdAction> actions)
    {
    }

    /// <inheritdoc />
    public abstract Checkpoint ToCheckpoint(string runId, DateTimeOffset createdAt, IReadOnlyDictionary<string, string> metadata);

    /// <summary>Makes room for a new store's per-ad-set state.</summary>
    /// <param name="adSets">The store's ad sets.</param>
    private protected virtual void OnReset(int adSets)
    {
    }

    /// <summary>Values the actions of an ad set at a decision hour, keeps what learning will need, and returns the greedy action.</summary>
    /// <param name="index">The ad set's position.</param>
    /// <param name="state">Its state.</param>
    /// <param name="adSet">Its descriptor.</param>
    /// <param name="offersSwitch">Whether it runs a cap, so the switch to lowest cost would change something.</param>
    /// <returns>The greedy action.</returns>
    private protected abstract int Greedy(int index, in AdEnvironmentState state, AdSetDescriptor adSet, bool offersSwitch);

    /// <summary>The greedy action of an ad set at a decision hour, keeping nothing: what <see cref="Greedy"/> returns, without its side effects.</summary>
    /// <param name="state">Its state.</param>
    /// <param name="adSet">Its descriptor.</param>
    /// <param name="offersSwitch">Whether it runs a cap, so the switch to lowest cost would change something.</param>
    /// <returns>The greedy action.</returns>
    private protected abstract int GreedyOf(in AdEnvironmentState state, AdSetDescriptor adSet, bool offersSwitch);

    /// <summary>The action to learn from when <paramref name="chosen"/> was taken: itself unless the agent learns it as another.</summary>
    /// <param name="chosen">The action chosen.</param>
    /// <param name="offersSwitch">Whether the switch was on offer.</param>
    /// <returns>The action recorded.</returns>
    private protected virtual int Recorded(int chosen, bool offersSwitch) => chosen;

    /// <summary>Whether the agent chooses among its actions for this state: a decision hour of an active ad set.</summary>
    private bool Decides(in AdEnvironmentState state) =>
        BudgetMoves.IsDecisionHour(state.HourOfDay, _decisionIntervalHours) && state.Status != AdSetStatus.Paused;

    /// <summary>Learns from one finished interval.</summary>
    /// <param name="index">The ad set's position.</param>
    /// <param name="action">The action recorded at its start.</param>
    /// <param name="reward">Its profit over the starting daily budget.</param>
    /// <param name="next">The state at the next decision hour (paused: nothing to bootstrap from).</param>
    /// <param name="adSet">The ad set's descriptor.</param>
    private protected abstract void LearnInterval(int index, int action, double reward, in AdEnvironmentState next, AdSetDescriptor adSet);
}
