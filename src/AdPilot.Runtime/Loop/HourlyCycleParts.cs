using AdPilot.Connectors.Shopify;
using AdPilot.Core.Guardrails;
using AdPilot.Runtime.Actuation;
using AdPilot.Runtime.Alerts;
using AdPilot.Runtime.Features;
using AdPilot.Runtime.Observability;
using AdPilot.Runtime.Platforms;
using AdPilot.Runtime.Rewards;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Alerts;
using AdPilot.Storage.Features;
using AdPilot.Storage.Ingestion;
using AdPilot.Storage.Rewards;
using AdPilot.Storage.Snapshots;
using AdPilot.Storage.Stores;

namespace AdPilot.Runtime.Loop;

/// <summary>The parts <see cref="HourlyCycle"/> chains, built once by the host.</summary>
public sealed record HourlyCycleParts
{
    /// <summary>Gets the store directory (currency, time zone, margin).</summary>
    public required IStoreDirectory Stores { get; init; }

    /// <summary>Gets where the ETL writes.</summary>
    public required IIngestionStore Ingestion { get; init; }

    /// <summary>Gets the Shopify orders client; without one the order ETL is skipped (orders arrive by other means, e.g. in tests).</summary>
    public ShopifyOrdersClient? Orders { get; init; }

    /// <summary>Gets the feature queries.</summary>
    public required IFeatureQueries Queries { get; init; }

    /// <summary>Gets the reward job.</summary>
    public required RewardJob Rewards { get; init; }

    /// <summary>Gets the feature store.</summary>
    public required FeatureStore Features { get; init; }

    /// <summary>Gets the stored rewards (the trailing ROAS of the pause rule).</summary>
    public required IRewardStore RewardStore { get; init; }

    /// <summary>Gets the guardrails.</summary>
    public required GuardrailEvaluator Guardrails { get; init; }

    /// <summary>Gets the actuator.</summary>
    public required Actuator Actuator { get; init; }

    /// <summary>Gets creative rotation, which runs after the actuator; none when null (the policy's creative types are then never rotated).</summary>
    public Creatives.CreativeRotator? Creatives { get; init; }

    /// <summary>Gets the targeting experiments (A/B copies); none when null: targeting proposals are then ignored.</summary>
    public Experiments.ExperimentRunner? Experiments { get; init; }

    /// <summary>Gets the kill switch.</summary>
    public required KillSwitchService KillSwitch { get; init; }

    /// <summary>Gets the alerts.</summary>
    public required IAlertStore Alerts { get; init; }

    /// <summary>Gets the action log.</summary>
    public required IActionLog Log { get; init; }

    /// <summary>Gets the human budget snapshots.</summary>
    public required IBudgetSnapshotStore Snapshots { get; init; }

    /// <summary>Gets the platforms and accounts.</summary>
    public required AdPlatforms Platforms { get; init; }

    /// <summary>Gets the platforms' batch paths.</summary>
    public required AdPlatformBatches Batches { get; init; }

    /// <summary>Gets the live policies.</summary>
    public required PolicyHost Policies { get; init; }

    /// <summary>Gets the clock.</summary>
    public required TimeProvider Time { get; init; }

    /// <summary>Gets how long a cycle waits for the store's order pull before scoring with the orders stored so far.</summary>
    public TimeSpan OrderPullWait { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets how many account cycles run at once in this process.</summary>
    public int MaxConcurrentCycles { get; init; } = 2;

    /// <summary>Gets how many ad sets the cycles and rescorings running at once may hold (<see cref="LoopOptions.MaxAdSetsInFlight"/>).</summary>
    public int MaxAdSetsInFlight { get; init; } = 4_000;

    /// <summary>Gets the expected size of an order pull above which it runs as a bulk operation.</summary>
    public int OrderBulkAbove { get; init; } = AdPilot.Runtime.Ingestion.OrderIngestion.DefaultBulkAbove;

    /// <summary>Gets the process's metrics; nothing is recorded when null.</summary>
    public AdPilotMetrics? Metrics { get; init; }

    /// <summary>Gets the alert rules and sinks; without them alerts go to the alerts table alone, with the default thresholds.</summary>
    public AlertService? Alerting { get; init; }

    /// <summary>Gets what is told when a cycle reaches a <see cref="FaultPoint"/>; nothing is injected by default.</summary>
    public IFaultPoints FaultPoints { get; init; } = Loop.FaultPoints.None;

    /// <summary>Gets the seed policies are reset with.</summary>
    public ulong Seed { get; init; } = 1;
}
