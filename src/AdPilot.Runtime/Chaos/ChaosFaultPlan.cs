using AdPilot.Core.Simulation;
using AdPilot.Sandbox.Faults;

namespace AdPilot.Runtime.Chaos;

/// <summary>
/// The soak's default fault plan, drawn from a seed: every kind of HTTP fault on every endpoint of every platform (each
/// rule with <c>endpoint: *</c>), heavier faults on the write endpoints (where a lost or doubled change would show), and
/// duplicate, out-of-order and failed webhook deliveries. The probabilities are drawn within fixed ranges, so every seed
/// injects every kind over 30 days, in different amounts.
/// </summary>
public static class ChaosFaultPlan
{
    private const ulong PlanStream = 0xC4A05;

    /// <summary>The HTTP fault kinds the plan injects; a soak checks each of them really hit.</summary>
    public static IReadOnlyList<FaultKind> Kinds { get; } =
    [
        FaultKind.Latency, FaultKind.Http429, FaultKind.Throttle, FaultKind.ServerError, FaultKind.Timeout,
        FaultKind.MalformedBody, FaultKind.PartialBatch, FaultKind.ExpiredToken,
    ];

    /// <summary>Draws the plan.</summary>
    /// <param name="seed">The seed; the same seed gives the same plan (and the sandbox's rolls follow from it too).</param>
    /// <returns>The faults.</returns>
    public static SandboxFaults Create(ulong seed)
    {
        var rng = Rng.ForStream(seed, PlanStream);
        double P(double min, double max) => Math.Round(rng.Uniform(min, max), 4);
        int I(int min, int max) => min + rng.NextInt(max - min + 1);
        FaultRule Rule(FaultPlatform platform, string endpoint, FaultKind kind, double p) =>
            new() { Platform = platform, Endpoint = endpoint, Fault = kind, Probability = p };

        // Tried in order: latency adds up; the first other rule that hits decides the answer.
        return new SandboxFaults
        {
            Seed = seed,
            Rules =
            [
                Rule(FaultPlatform.Any, "*", FaultKind.Latency, P(0.1, 0.3)) with { LatencyMs = I(50, 500) },

                // The writes: a change lost, half-applied or applied twice would show here first.
                Rule(FaultPlatform.Meta, "batch", FaultKind.PartialBatch, P(0.15, 0.3)) with { ItemProbability = P(0.3, 0.6) },
                Rule(FaultPlatform.Meta, "batch", FaultKind.MalformedBody, P(0.03, 0.08)),
                Rule(FaultPlatform.Meta, "adset_update", FaultKind.MalformedBody, P(0.03, 0.08)),
                Rule(FaultPlatform.TikTok, "adgroup_update", FaultKind.MalformedBody, P(0.03, 0.08)),
                Rule(FaultPlatform.Any, "adset_update", FaultKind.ServerError, P(0.02, 0.06)) with { Status = 500 + I(0, 3) },
                Rule(FaultPlatform.Meta, "batch", FaultKind.ServerError, P(0.02, 0.06)) with { Status = 503 },
                Rule(FaultPlatform.TikTok, "adgroup_update", FaultKind.ServerError, P(0.02, 0.06)) with { Code = 50000 },
                Rule(FaultPlatform.Any, "adgroup_update", FaultKind.Timeout, P(0.01, 0.03)) with { HoldMs = 60_000 },

                // Every endpoint of every platform.
                Rule(FaultPlatform.Any, "*", FaultKind.Http429, P(0.01, 0.03)) with { RetryAfterSeconds = 1 },
                Rule(FaultPlatform.Meta, "*", FaultKind.Throttle, P(0.005, 0.015)) with { RetryAfterSeconds = 1 },
                Rule(FaultPlatform.TikTok, "*", FaultKind.Throttle, P(0.005, 0.015)) with { Code = 40133 },
                Rule(FaultPlatform.Shopify, "*", FaultKind.Throttle, P(0.01, 0.03)) with { RetryAfterSeconds = 1 },
                Rule(FaultPlatform.Any, "*", FaultKind.ServerError, P(0.01, 0.03)) with { Status = 500 + I(0, 3) },
                Rule(FaultPlatform.Any, "*", FaultKind.Timeout, P(0.003, 0.01)) with { HoldMs = 60_000 },
                Rule(FaultPlatform.Any, "*", FaultKind.MalformedBody, P(0.005, 0.015)),
                Rule(FaultPlatform.Any, "*", FaultKind.ExpiredToken, P(0.002, 0.006)),
            ],
            Webhooks = new WebhookFaults(DuplicateProbability: P(0.05, 0.15), OutOfOrderProbability: P(0.05, 0.15), FailureProbability: P(0.02, 0.08)),
        };
    }
}
