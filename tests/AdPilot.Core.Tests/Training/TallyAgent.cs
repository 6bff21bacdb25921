using AdPilot.Core.Agents;
using AdPilot.Core.Agents.Checkpoints;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;

namespace AdPilot.Core.Tests.Training;

/// <summary>
/// A small learning agent for the trainer's tests: it carries a running mean of hourly profit across episodes, leans
/// budgets up when that mean is positive, and jitters them with its own seeded randomness — so a resumed run only
/// matches an uninterrupted one if the checkpoint and the episode seeds are right.
/// </summary>
internal sealed class TallyAgent : ILearningAgent
{
    public const string AgentKind = "tally";

    private double _sum;
    private long _updates;
    private Rng _rng;

    public string Name => "tally";

    public string Kind => AgentKind;

    public bool Training { get; set; } = true;

    public int Resets { get; private set; }

    public AgentMetrics Metrics => new(_updates, Epsilon: 1.0 / (1 + (_updates / 100.0)), Loss: _updates == 0 ? null : _sum / _updates);

    public static TallyAgent FromCheckpoint(Checkpoint checkpoint)
    {
        var tally = checkpoint.GetTensor("tally", CheckpointTensorType.Float64, [2]).AsFloat64();
        return new TallyAgent { _sum = tally[0], _updates = (long)tally[1] };
    }

    public void Reset(PolicyContext context)
    {
        _rng = Rng.ForStream(context.Seed, 1);
        Resets++;
    }

    public void Decide(DecisionContext decision, Span<AdAction> actions, Span<double> propensities)
    {
        var lean = _updates == 0 ? 0 : Math.Sign(_sum) * 0.02;
        for (var i = 0; i < decision.States.Length; i++)
        {
            actions[i] = decision.States[i].HourOfDay == 0 ? AdAction.AdjustBudget(decision.States[i], lean + _rng.Uniform(-0.05, 0.05)) : AdAction.Keep(decision.States[i]);
            propensities[i] = 1;
        }
    }

    public void Observe(Transition transition)
    {
        foreach (var reward in transition.Rewards)
        {
            _sum += reward.Profit;
            _updates++;
        }
    }

    public Checkpoint ToCheckpoint(string runId, DateTimeOffset createdAt, IReadOnlyDictionary<string, string> metadata) => new()
    {
        AgentKind = AgentKind,
        AgentVersion = 1,
        CreatedAt = createdAt,
        RunId = runId,
        Metadata = metadata,
        Tensors = [CheckpointTensor.FromFloat64("tally", [_sum, _updates])],
    };
}
