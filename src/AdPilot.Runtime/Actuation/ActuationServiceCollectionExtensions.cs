using AdPilot.Connectors.Meta;
using AdPilot.Core.Domain;
using AdPilot.Core.Guardrails;
using AdPilot.Runtime.Configuration;
using AdPilot.Runtime.Loop;
using AdPilot.Runtime.Alerts;
using AdPilot.Runtime.Platforms;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AdPilot.Runtime.Actuation;

/// <summary>Registers the actuator.</summary>
public static class ActuationServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="Actuator"/>, <see cref="KillSwitchService"/> and <see cref="AdPlatformBatches"/>, with
    /// <see cref="ActuatorOptions"/> from the <c>Actuator</c> section (validated at start-up). The storage services they
    /// use (action log, budget snapshots, approvals, alerts) and <see cref="AdPlatforms"/> are registered elsewhere.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration root.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddActuator(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddAlertNotifier(configuration);
        services.TryAddSingleton(FaultPoints.None);
        services.AddOptions<ActuatorOptions>().BindConfiguration(ActuatorOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        var guardrails = ConfigurationSections.Read(
            configuration, LoopServiceCollectionExtensions.GuardrailsSection, () => new GuardrailOptions(), o => o.Validate().Select(e => e.ToString()).ToList());
        services.AddSingleton(provider => new KillSwitchService(
            provider.GetRequiredService<Storage.Alerts.IAlertStore>(),
            provider.GetRequiredService<Storage.Actions.IActionLog>(),
            provider.GetRequiredService<Storage.Snapshots.IBudgetSnapshotStore>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<IOptions<ActuatorOptions>>().Value,
            provider.GetService<Microsoft.Extensions.Logging.ILogger<KillSwitchService>>(),
            provider.GetService<AlertNotifier>(),
            guardrails,
            provider.GetService<Storage.Audit.IAdminAuditStore>(),
            provider.GetService<Storage.Experiments.ExperimentStore>()));
        services.AddSingleton(provider => new Actuator(
            provider.GetRequiredService<Storage.Actions.IActionLog>(),
            provider.GetRequiredService<Storage.Snapshots.IBudgetSnapshotStore>(),
            provider.GetRequiredService<Storage.Approvals.IApprovalStore>(),
            provider.GetRequiredService<KillSwitchService>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<IOptions<ActuatorOptions>>().Value,
            provider.GetService<Microsoft.Extensions.Logging.ILogger<Actuator>>(),
            guardrails,
            provider.GetRequiredService<IFaultPoints>(),
            provider.GetService<Storage.Experiments.ExperimentStore>()));
        services.AddSingleton(provider =>
        {
            var platforms = provider.GetRequiredService<AdPlatforms>();
            var batches = new Dictionary<Platform, Func<IBatchAdPlatform>>();
            if (platforms.Source == PlatformSource.Api && platforms.Accounts.Any(a => a.Platform == Platform.Instagram))
            {
                // The typed client is transient: resolve one per cycle so the factory can rotate its handlers.
                batches[Platform.Instagram] = () => new MetaBatchAdPlatform(provider.GetRequiredService<MetaAdSetsClient>());
            }

            return new AdPlatformBatches(batches);
        });
        return services;
    }
}
