using AdPilot.Core.Guardrails;

namespace AdPilot.Core.Tests.Guardrails;

/// <summary>A simulated account's start: ad sets, store time zone, first hour, rollout stage, policy behaviour.</summary>
internal sealed record WorldSetup(string ZoneId, DateTimeOffset Start, int AdSetCount, RolloutStage Stage, Adversary Adversary, ulong Seed)
{
    public override string ToString() => $"{ZoneId} from {Start:O}, {AdSetCount} ad sets, {Stage}, {Adversary}, seed {Seed}";
}
