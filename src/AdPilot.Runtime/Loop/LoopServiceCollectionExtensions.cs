using AdPilot.Runtime.Creatives;
using AdPilot.Storage.Creatives;
using AdPilot.Connectors;
using AdPilot.Connectors.Shopify;
using AdPilot.Core.Guardrails;
using AdPilot.Runtime.Actuation;
using AdPilot.Runtime.Alerts;
using AdPilot.Runtime.Configuration;
using AdPilot.Runtime.Features;
using AdPilot.Runtime.Observability;
using AdPilot.Runtime.Platforms;
using AdPilot.Runtime.Rewards;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Alerts;
using AdPilot.Storage.Approvals;
using AdPilot.Storage.Checkpoints;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Features;
using AdPilot.Storage.Ingestion;
using AdPilot.Storage.Rewards;
using AdPilot.Storage.Snapshots;
using AdPilot.Storage.Stores;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AdPilot.Runtime.Loop;

/// <summary>Registers the hourly loop and everything it chains.</summary>
public static class LoopServiceCollectionExtensions
{
    /// <summary>The configuration section of the guardrails (<see cref="GuardrailOptions"/>).</summary>
    public const string GuardrailsSection = "Guardrails";

    /// <summary>
    /// Registers <see cref="HourlyCycle"/> over one database: the storage services, the platforms and accounts
    /// (<c>Platforms</c>), the Shopify client (<c>Shopify</c>, when a shop domain is configured), the actuator
    /// (<c>Actuator</c>), the metrics (<see cref="AdPilotMetrics"/>, unless a host registered them first) and the alerts
    /// (<c>Alerts</c>), the checkpoint registry the policy follows, and the options of the guardrails (<c>Guardrails</c>), the feature store (<c>FeatureStore</c>),
    /// the rewards (<c>RewardJob</c>) and the policy (<c>Loop</c>). Every section is read and checked here, so a bad
    /// setting stops the start with every problem named by its key.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration root.</param>
    /// <param name="database">The database, open and migrated; the caller disposes of it.</param>
    /// <returns>The same services.</returns>
    /// <exception cref="OptionsValidationException">A section is invalid; <see cref="OptionsValidationException.Failures"/> names each problem.</exception>
    public static IServiceCollection AddHourlyLoop(this IServiceCollection services, IConfiguration configuration, StorageDatabase database)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(database);
        var guardrails = ConfigurationSections.Read(configuration, GuardrailsSection, () => new GuardrailOptions(), o => o.Validate().Select(e => e.ToString()).ToList());
        var features = ConfigurationSections.Read(configuration, FeatureStoreOptions.SectionName, () => new FeatureStoreOptions(), o => o.Validate());
        var rewards = ConfigurationSections.Read(configuration, RewardJobOptions.SectionName, () => new RewardJobOptions(), o => o.Validate());
        var loop = ConfigurationSections.Read(configuration, LoopOptions.SectionName, () => new LoopOptions(), o => o.Validate());
        var creatives = ConfigurationSections.Read(configuration, CreativeOptions.SectionName, () => new CreativeOptions(), o => o.Validate());
        var experiments = ConfigurationSections.Read(configuration, Experiments.ExperimentOptions.SectionName, () => new Experiments.ExperimentOptions(), o => o.Validate());
        var hasShopify = !string.IsNullOrWhiteSpace(configuration["Shopify:ShopDomain"]);

        services.TryAddSingleton(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(database);
        services.TryAddSingleton(FaultPoints.None);
        services.AddSingleton<IStoreDirectory>(p => new StoreDirectory(database, p.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IIngestionStore>(p => new IngestionStore(database, p.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IFeatureQueries>(_ => new FeatureQueries(database));
        services.AddSingleton<IRewardStore>(p => new RewardStore(database, p.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IAlertStore>(p => new AlertStore(database, p.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IActionLog>(p => new ActionLog(database, p.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IBudgetSnapshotStore>(_ => new BudgetSnapshotStore(database));
        services.AddSingleton(_ => new CreativeStore(database));
        services.AddSingleton(creatives);
        services.AddSingleton(experiments);
        services.AddSingleton(p => new Storage.Experiments.ExperimentStore(database, p.GetRequiredService<TimeProvider>()));
        services.AddSingleton(p => new Experiments.ExperimentRunner(
            p.GetRequiredService<Storage.Experiments.ExperimentStore>(),
            p.GetRequiredService<IActionLog>(),
            p.GetRequiredService<IBudgetSnapshotStore>(),
            p.GetRequiredService<IRewardStore>(),
            p.GetRequiredService<KillSwitchService>(),
            p.GetRequiredService<TimeProvider>(),
            experiments,
            p.GetRequiredService<IOptions<ActuatorOptions>>().Value,
            guardrails,
            p.GetService<ILogger<Experiments.ExperimentRunner>>()));
        services.AddSingleton<IApprovalStore>(p => new ApprovalStore(database, p.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<Storage.Audit.IAdminAuditStore>(p => new Storage.Audit.AdminAuditStore(database, p.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ICheckpointStore>(p => new CheckpointStore(database, p.GetRequiredService<TimeProvider>()));
        services.AddAdPlatforms(configuration);
        services.AddActuator(configuration);
        if (hasShopify)
        {
            services.AddShopifyConnector();
        }

        // After the connectors: the API metrics' handler then sits inside each client's resilience pipeline.
        services.AddAdPilotObservability();
        services.AddAlertNotifier(configuration);
        services.AddSingleton(p => new AlertService(
            p.GetRequiredService<IAlertStore>(),
            p.GetRequiredService<IRewardStore>(),
            p.GetRequiredService<AdPilotMetrics>(),
            p.GetRequiredService<AlertNotifier>(),
            p.GetRequiredService<AlertOptions>(),
            p.GetService<ILogger<AlertService>>()));

        services.AddSingleton(new GuardrailEvaluator(guardrails));
        services.AddSingleton(p => new PolicyHost(loop, p.GetService<ILogger<PolicyHost>>(), p.GetRequiredService<ICheckpointStore>()));
        services.AddSingleton(p => new HourlyCycleParts
        {
            Stores = p.GetRequiredService<IStoreDirectory>(),
            Ingestion = p.GetRequiredService<IIngestionStore>(),
            Orders = hasShopify ? p.GetRequiredService<ShopifyOrdersClient>() : null,
            Queries = p.GetRequiredService<IFeatureQueries>(),
            Rewards = new RewardJob(
                p.GetRequiredService<IFeatureQueries>(), p.GetRequiredService<IStoreDirectory>(), p.GetRequiredService<IRewardStore>(), p.GetRequiredService<IIngestionStore>(), rewards),
            Features = new FeatureStore(p.GetRequiredService<IFeatureQueries>(), p.GetRequiredService<IStoreDirectory>(), features),
            RewardStore = p.GetRequiredService<IRewardStore>(),
            Guardrails = p.GetRequiredService<GuardrailEvaluator>(),
            Actuator = p.GetRequiredService<Actuator>(),
            Creatives = new CreativeRotator(
                p.GetRequiredService<IActionLog>(),
                p.GetRequiredService<CreativeStore>(),
                p.GetRequiredService<KillSwitchService>(),
                p.GetRequiredService<TimeProvider>(),
                creatives,
                p.GetRequiredService<Microsoft.Extensions.Options.IOptions<ActuatorOptions>>().Value,
                p.GetService<ILogger<CreativeRotator>>()),
            Experiments = p.GetRequiredService<Experiments.ExperimentRunner>(),
            KillSwitch = p.GetRequiredService<KillSwitchService>(),
            Alerts = p.GetRequiredService<IAlertStore>(),
            Log = p.GetRequiredService<IActionLog>(),
            Snapshots = p.GetRequiredService<IBudgetSnapshotStore>(),
            Platforms = p.GetRequiredService<AdPlatforms>(),
            Batches = p.GetRequiredService<AdPlatformBatches>(),
            Policies = p.GetRequiredService<PolicyHost>(),
            Time = p.GetRequiredService<TimeProvider>(),
            Metrics = p.GetRequiredService<AdPilotMetrics>(),
            Alerting = p.GetRequiredService<AlertService>(),
            FaultPoints = p.GetRequiredService<IFaultPoints>(),
            Seed = loop.Seed,
            OrderPullWait = loop.OrderPullWait,
            OrderBulkAbove = loop.OrderBulkAbove,
            MaxConcurrentCycles = loop.MaxConcurrentCycles,
            MaxAdSetsInFlight = loop.MaxAdSetsInFlight,
        });
        services.AddSingleton(p => new HourlyCycle(p.GetRequiredService<HourlyCycleParts>(), p.GetService<ILogger<HourlyCycle>>()));
        return services;
    }
}
