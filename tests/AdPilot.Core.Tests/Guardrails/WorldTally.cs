using AdPilot.Core.Guardrails;

namespace AdPilot.Core.Tests.Guardrails;

/// <summary>What a run did, so a test can tell it was not vacuous.</summary>
internal sealed class WorldTally
{
    private long _applied;
    private long _clamped;
    private long _approvals;
    private long _rotations;
    private long _restores;
    private readonly HashSet<string> _codes = [];

    public long Applied => Interlocked.Read(ref _applied);

    public long Clamped => Interlocked.Read(ref _clamped);

    public long Approvals => Interlocked.Read(ref _approvals);

    public long Rotations => Interlocked.Read(ref _rotations);

    public long Restores => Interlocked.Read(ref _restores);

    public IReadOnlySet<string> Codes
    {
        get
        {
            lock (_codes)
            {
                return _codes.ToHashSet();
            }
        }
    }

    public void Count(GuardrailDecision decision)
    {
        lock (_codes)
        {
            _codes.UnionWith(decision.Reasons.Select(r => r.Code));
        }

        if (decision.Verdict == GuardrailVerdict.Clamp)
        {
            Interlocked.Increment(ref _clamped);
        }
    }

    public void Applied1() => Interlocked.Increment(ref _applied);

    public void Approval() => Interlocked.Increment(ref _approvals);

    public void Rotation() => Interlocked.Increment(ref _rotations);

    public void Restore() => Interlocked.Increment(ref _restores);
}
