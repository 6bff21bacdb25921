using AdPilot.Runtime.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AdPilot.Runtime.Alerts;

/// <summary>Registers the alerts' settings and sinks.</summary>
public static class AlertsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="AlertOptions"/> from the <c>Alerts</c> section (read and checked now, every problem named by its
    /// key) and <see cref="AlertNotifier"/> with the webhook's client (no request logging: the URL is a secret). Registering
    /// twice changes nothing.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration root.</param>
    /// <returns>The same services.</returns>
    /// <exception cref="OptionsValidationException">The section is invalid.</exception>
    public static IServiceCollection AddAlertNotifier(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(AlertNotifier)))
        {
            return services;
        }

        var options = ConfigurationSections.Read(configuration, AlertOptions.SectionName, () => new AlertOptions(), o => o.Validate());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddHttpClient(AlertNotifier.HttpClientName).RemoveAllLoggers();
        services.AddSingleton(provider => new AlertNotifier(
            options, provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<IHttpClientFactory>(), provider.GetService<ILogger<AlertNotifier>>()));
        return services;
    }
}
