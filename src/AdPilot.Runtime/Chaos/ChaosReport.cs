using System.Text.Json;
using System.Text.Json.Serialization;

namespace AdPilot.Runtime.Chaos;

/// <summary>
/// What a chaos soak found, counted from records independent of each other: the sandbox world's own record of every
/// change it received and every webhook it sent, the receiver's stored webhooks, the actions log and the cycle ledger.
/// The five must-be-zero counts decide <see cref="Passed"/>. The JSON names are a contract (<c>adpilot chaos --json</c>).
/// </summary>
public sealed record ChaosReport
{
    /// <summary>Gets the simulated days run.</summary>
    public required int Days { get; init; }

    /// <summary>Gets the seed of the world, the fault plan and the kills.</summary>
    public required ulong Seed { get; init; }

    /// <summary>Gets the ad sets of the store.</summary>
    public required int AdSets { get; init; }

    /// <summary>Gets the account cycles started (claims in the ledger), re-runs after a kill included.</summary>
    public required int Cycles { get; init; }

    /// <summary>Gets the account cycles that ended failed in the ledger (a fault they could not get past); the next hour caught up.</summary>
    public required int FailedCycles { get; init; }

    /// <summary>Gets the workers killed.</summary>
    public required int WorkerKills { get; init; }

    /// <summary>Gets the kills by the point where they happened (<see cref="Loop.FaultPoint"/>, snake_case).</summary>
    public required IReadOnlyDictionary<string, int> KillsByPoint { get; init; }

    /// <summary>Gets the faults that really hit, by kind: the HTTP kinds as in docs/sandbox-faults.md, and <c>webhook_duplicate</c>, <c>webhook_out_of_order</c>, <c>webhook_failure</c>.</summary>
    public required IReadOnlyDictionary<string, long> FaultsInjected { get; init; }

    /// <summary>Gets the distinct webhooks the sandbox sent (by webhook id; duplicates and retries counted once).</summary>
    public required int WebhooksSent { get; init; }

    /// <summary>Gets the webhooks sent that the receiver's store does not hold as processed at the end.</summary>
    public required int WebhooksLost { get; init; }

    /// <summary>Gets the budget and status changes the sandbox world received.</summary>
    public required int ChangesApplied { get; init; }

    /// <summary>Gets the writes the world received for a change already made: a second write to an ad set within one hour, or a write that changed nothing.</summary>
    public required int ChangesAppliedTwice { get; init; }

    /// <summary>
    /// Gets the intents that were neither applied nor failed with a reason at the end (still open after the final recovery,
    /// or failed without one), plus applied entries whose change the world never received.
    /// </summary>
    public required int IntendedChangesLost { get; init; }

    /// <summary>Gets the guardrails the world's record of hourly budgets shows broken (as the demo audits them).</summary>
    public required int GuardrailViolations { get; init; }

    /// <summary>Gets the ad sets whose final budget in the sandbox differs from the last applied budget in the actions log.</summary>
    public required int BudgetMismatches { get; init; }

    /// <summary>Gets the changes the loop logged as made by a person outside AdPilot; nobody else touches the sandbox, so any is AdPilot's own change it lost track of.</summary>
    public required int MisattributedChanges { get; init; }

    /// <summary>Gets one line per problem found (empty when it passed).</summary>
    public required IReadOnlyList<string> Problems { get; init; }

    /// <summary>Gets whether every must-be-zero count is zero.</summary>
    public bool Passed => WebhooksLost == 0 && ChangesAppliedTwice == 0 && IntendedChangesLost == 0 && GuardrailViolations == 0 && BudgetMismatches == 0;

    /// <summary>Gets the soak's wall time in seconds.</summary>
    public double Seconds { get; init; }

    /// <summary>The report as the one JSON object <c>adpilot chaos --json</c> prints.</summary>
    /// <returns>The JSON.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, ChaosJsonContext.Default.ChaosReport);
}

/// <summary>One simulated hour done, for a progress line.</summary>
/// <param name="Hour">Hours done.</param>
/// <param name="Hours">Hours in all.</param>
/// <param name="Cycles">Cycles started so far.</param>
/// <param name="WorkerKills">Workers killed so far.</param>
public sealed record ChaosProgress(int Hour, int Hours, int Cycles, int WorkerKills);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ChaosReport))]
internal sealed partial class ChaosJsonContext : JsonSerializerContext;
