using System.Text.Json.Nodes;
using AdPilot.Core.Simulation;

namespace AdPilot.Sandbox.Faults;

/// <summary>
/// The running faults: the rules, one seeded random source and each rule's counters, behind one lock. Rules are tried
/// in order; every latency rule that hits adds its delay, and the first other rule that hits decides the answer (later
/// rules are not tried). The same seed and the same requests in the same order give the same faults.
/// </summary>
internal sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private SandboxFaults _faults;
    private Rng _rng;
    private long[] _tried;
    private long[] _injected;

    public FaultInjector(SandboxFaults faults)
    {
        _faults = faults;
        _rng = new Rng(faults.Seed);
        _tried = new long[faults.Rules.Count];
        _injected = new long[faults.Rules.Count];
    }

    public SandboxFaults Current
    {
        get
        {
            lock (_gate)
            {
                return _faults;
            }
        }
    }

    /// <summary>Replaces the rules and seed; the random source and the counters start again.</summary>
    public void Replace(SandboxFaults faults)
    {
        lock (_gate)
        {
            _faults = faults;
            _rng = new Rng(faults.Seed);
            _tried = new long[faults.Rules.Count];
            _injected = new long[faults.Rules.Count];
        }
    }

    /// <summary>The faults and each rule's counters, as <c>GET /_sandbox/faults</c> shows them.</summary>
    public JsonObject ToJson()
    {
        lock (_gate)
        {
            return SandboxFaultsJson.ToJson(_faults, _tried.Zip(_injected).ToArray());
        }
    }

    /// <summary>How many times each kind of fault hit since the rules were last replaced.</summary>
    public IReadOnlyDictionary<FaultKind, long> InjectedByKind()
    {
        lock (_gate)
        {
            var counts = new Dictionary<FaultKind, long>();
            for (var i = 0; i < _faults.Rules.Count; i++)
            {
                counts[_faults.Rules[i].Fault] = counts.GetValueOrDefault(_faults.Rules[i].Fault) + _injected[i];
            }

            return counts;
        }
    }

    /// <summary>Tries the rules on one request.</summary>
    public FaultDecision Decide(FaultTarget target)
    {
        lock (_gate)
        {
            var latency = 0;
            for (var i = 0; i < _faults.Rules.Count; i++)
            {
                var rule = _faults.Rules[i];
                if (!FaultEndpoints.Matches(rule.Platform, rule.Endpoint, target) || (rule.Times is { } times && _injected[i] >= times))
                {
                    continue;
                }

                _tried[i]++;
                if (_rng.NextDouble() >= rule.Probability)
                {
                    continue;
                }

                _injected[i]++;
                if (rule.Fault == FaultKind.Latency)
                {
                    latency += rule.LatencyMs ?? 0;
                    continue;
                }

                return new FaultDecision(TimeSpan.FromMilliseconds(latency), rule, _rng.NextUInt64());
            }

            return new FaultDecision(TimeSpan.FromMilliseconds(latency), null, 0);
        }
    }
}
