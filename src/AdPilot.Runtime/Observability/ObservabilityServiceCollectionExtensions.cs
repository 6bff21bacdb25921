using System.Diagnostics.Metrics;
using AdPilot.Connectors.Meta;
using AdPilot.Connectors.Shopify;
using AdPilot.Connectors.TikTok;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AdPilot.Runtime.Observability;

/// <summary>Registers <see cref="AdPilotMetrics"/> and puts an <see cref="ApiMetricsHandler"/> on each connector's client.</summary>
public static class ObservabilityServiceCollectionExtensions
{
    /// <summary>The connectors' typed clients (their factory names are the type names) and the API each one calls.</summary>
    private static readonly (string Client, string Platform)[] Clients =
    [
        (nameof(MetaInsightsClient), ApiPlatforms.Meta),
        (nameof(MetaAdSetsClient), ApiPlatforms.Meta),
        (nameof(TikTokReportsClient), ApiPlatforms.TikTok),
        (nameof(TikTokAdGroupsClient), ApiPlatforms.TikTok),
        (nameof(ShopifyOrdersClient), ApiPlatforms.Shopify),
    ];

    /// <summary>
    /// Registers <see cref="AdPilotMetrics"/> unless a host has (the web app registers its own first, over its
    /// <see cref="IMeterFactory"/>), and adds an <see cref="ApiMetricsHandler"/> to every connector client. Call it after
    /// the connectors are registered: the handler then sits inside their resilience pipeline and sees each attempt.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddAdPilotObservability(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(provider => new AdPilotMetrics(provider.GetService<IMeterFactory>()));
        foreach (var (client, platform) in Clients)
        {
            services.AddHttpClient(client).AddHttpMessageHandler(provider => new ApiMetricsHandler(platform, provider.GetRequiredService<AdPilotMetrics>()));
        }

        return services;
    }
}
