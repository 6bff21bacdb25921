using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;
using AdPilot.Core.Training;

namespace AdPilot.Core.Agents;

/// <summary>
/// The discrete actions the Q-learning and DQN agents choose among, and the epsilon-greedy choice over them. Action
/// <c>k</c> below the number of moves is the <c>k</c>-th budget move of the ad set's platform, so one table or network
/// serves both platforms while each move stays under its own platform's learning threshold. The last action,
/// <see cref="SwitchIndex"/>, switches a capped ad set (cost cap or bid cap) to lowest-cost bidding with its budget held;
/// on an ad set already on lowest cost it changes nothing, so it proposes what holding proposes.
/// </summary>
internal static class BudgetMoves
{
    /// <summary>The most budget moves a grid may have.</summary>
    public const int MaxMoves = 16;

    /// <summary>The most actions an agent may have: the moves and the switch (bounds the stack buffers of the agents).</summary>
    public const int MaxActions = MaxMoves + 1;

    /// <summary>The number of actions over a grid of moves: every move, then the switch to lowest cost.</summary>
    public static int ActionCount(int moveCount) => moveCount + 1;

    /// <summary>The index of the switch to lowest cost: the action after the last move.</summary>
    public static int SwitchIndex(int moveCount) => moveCount;

    /// <summary>
    /// Whether the switch to lowest cost changes anything: only an ad set running a cost cap or a bid cap has a cap to
    /// drop. A cap below the market's cost per result throttles delivery, and the switch restarts the learning phase.
    /// </summary>
    public static bool OffersSwitch(in AdEnvironmentState state) => state.BidStrategy.Kind != BidStrategyKind.LowestCost;

    /// <summary>
    /// What an action proposes: a budget move (clamped as <see cref="Adjustment"/> does) with the bid strategy kept, or
    /// for the switch, lowest-cost bidding with the budget held (on an ad set already on lowest cost: nothing).
    /// </summary>
    public static AdAction ActionOf(int action, in AdEnvironmentState state, AdSetDescriptor adSet, ActionLimits limits, ReadOnlySpan<double> moves)
    {
        if (action == SwitchIndex(moves.Length))
        {
            return OffersSwitch(state) ? AdAction.Keep(state) with { BidStrategy = BidStrategy.LowestCost } : AdAction.Keep(state);
        }

        return AdAction.AdjustBudget(state, Adjustment(state, adSet, moves[action], limits));
    }

    /// <summary>The move of an action on the ad set's platform.</summary>
    public static double MoveOf(Platform platform, int action, IReadOnlyList<double> instagram, IReadOnlyList<double> tikTok) =>
        platform == Platform.TikTok ? tikTok[action] : instagram[action];

    /// <summary>
    /// The hourly adjustment that takes the budget to the move's target, clamped to the ad set's range first and then to
    /// the hourly limit, so the environment's limits never have to step in.
    /// </summary>
    public static double Adjustment(in AdEnvironmentState state, AdSetDescriptor adSet, double move, ActionLimits limits)
    {
        if (move == 0 || !(state.CurrentBudget > 0))
        {
            return 0;
        }

        var target = Math.Clamp(state.CurrentBudget * (1 + move), adSet.MinDailyBudget, adSet.MaxDailyBudget);
        var limit = limits.MaxHourlyBudgetChange;
        return Math.Clamp((target / state.CurrentBudget) - 1, -limit, limit);
    }

    /// <summary>Whether a local hour starts a decision interval.</summary>
    public static bool IsDecisionHour(int hourOfDay, int intervalHours) => hourOfDay % intervalHours == 0;

    /// <summary>Epsilon-greedy: with probability ε a uniformly random action, else the greedy one.</summary>
    public static int Choose(ref Rng rng, double epsilon, int greedy, int actionCount) =>
        rng.NextDouble() < epsilon ? rng.NextInt(actionCount) : greedy;

    /// <summary>The probability epsilon-greedy gives an action: ε / n, plus 1 − ε for the greedy action.</summary>
    public static double Propensity(double epsilon, bool isGreedy, int actionCount) =>
        (epsilon / actionCount) + (isGreedy ? 1 - epsilon : 0);

    /// <summary>
    /// The probability that epsilon-greedy over every action (<see cref="ActionCount"/>) proposes this budget adjustment
    /// and bid strategy: the sum over every action that proposes them, since at the edge of the budget range several moves
    /// reach the same budget (at the maximum, every raise is a hold), and on lowest cost the switch is a hold too. This is
    /// the propensity of what the environment sees, which off-policy evaluation needs.
    /// </summary>
    public static double PropensityOf(
        in AdAction proposed, in AdEnvironmentState state, AdSetDescriptor adSet, ActionLimits limits, ReadOnlySpan<double> moves, int greedy, double epsilon)
    {
        var count = ActionCount(moves.Length);
        var propensity = 0.0;
        for (var a = 0; a < count; a++)
        {
            var action = ActionOf(a, state, adSet, limits, moves);
            if (action.BudgetAdjustment == proposed.BudgetAdjustment && action.BidStrategy == proposed.BidStrategy)
            {
                propensity += Propensity(epsilon, a == greedy, count);
            }
        }

        return propensity;
    }

    /// <summary>The index of the greedy action: the highest value, ties going to the smallest move away from holding.</summary>
    public static int Greedy(ReadOnlySpan<double> values, int holdIndex)
    {
        var best = holdIndex;
        for (var a = 0; a < values.Length; a++)
        {
            if (values[a] > values[best] || (values[a] == values[best] && Math.Abs(a - holdIndex) < Math.Abs(best - holdIndex)))
            {
                best = a;
            }
        }

        return best;
    }

    /// <summary>The index of the move 0.</summary>
    public static int HoldIndex(IReadOnlyList<double> moves)
    {
        for (var a = 0; a < moves.Count; a++)
        {
            if (moves[a] == 0)
            {
                return a;
            }
        }

        return -1;
    }

    /// <summary>Validates the options both agents share; a null learning-rate schedule is not checked.</summary>
    /// <exception cref="ArgumentException">A value is out of range or the move lists do not fit together.</exception>
    public static void Validate(
        IReadOnlyList<double> instagram,
        IReadOnlyList<double> tikTok,
        int decisionIntervalHours,
        double gamma,
        DecaySchedule epsilon,
        double evaluationEpsilon,
        DecaySchedule? learningRate)
    {
        ArgumentNullException.ThrowIfNull(instagram);
        ArgumentNullException.ThrowIfNull(tikTok);
        ArgumentNullException.ThrowIfNull(epsilon);
        ValidateMoves(instagram, "InstagramMoves");
        ValidateMoves(tikTok, "TikTokMoves");
        if (instagram.Count != tikTok.Count || HoldIndex(instagram) != HoldIndex(tikTok))
        {
            throw new ArgumentException(
                $"InstagramMoves and TikTokMoves must have as many moves ({instagram.Count} and {tikTok.Count}) with 0 at the same index");
        }

        if (decisionIntervalHours is < 1 or > 24 || 24 % decisionIntervalHours != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(decisionIntervalHours), decisionIntervalHours, "DecisionIntervalHours must divide 24");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(gamma, "Gamma");
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(gamma, 1.0, "Gamma");
        ValidateSchedule(epsilon, "Epsilon", allowZero: true);
        ArgumentOutOfRangeException.ThrowIfNegative(evaluationEpsilon, "EvaluationEpsilon");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(evaluationEpsilon, 1.0, "EvaluationEpsilon");
        if (learningRate is not null)
        {
            ValidateSchedule(learningRate, "LearningRate", allowZero: false);
        }
    }

    private static void ValidateMoves(IReadOnlyList<double> moves, string name)
    {
        if (moves.Count is < 2 or > MaxMoves)
        {
            throw new ArgumentException($"{name} must hold 2 to {MaxMoves} moves, got {moves.Count}", name);
        }

        for (var a = 0; a < moves.Count; a++)
        {
            if (!double.IsFinite(moves[a]) || moves[a] <= -1 || moves[a] > 10 || (a > 0 && moves[a] <= moves[a - 1]))
            {
                throw new ArgumentException($"{name} must be finite, above −1 and strictly ascending; got [{string.Join(", ", moves)}]", name);
            }
        }

        if (HoldIndex(moves) < 0)
        {
            throw new ArgumentException($"{name} must include the move 0 (hold the budget)", name);
        }
    }

    private static void ValidateSchedule(DecaySchedule schedule, string name, bool allowZero)
    {
        var low = Math.Min(schedule.Start, schedule.End);
        var high = Math.Max(schedule.Start, schedule.End);
        if (!(allowZero ? low >= 0 : low > 0) || !(high <= 1) || schedule.Steps < 0 || !Enum.IsDefined(schedule.Kind))
        {
            throw new ArgumentOutOfRangeException(
                name, schedule, $"{name} must run between values in {(allowZero ? "[0, 1]" : "(0, 1]")} over a non-negative number of steps");
        }
    }
}
