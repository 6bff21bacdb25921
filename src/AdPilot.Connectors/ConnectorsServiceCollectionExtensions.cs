using System.Threading.RateLimiting;
using AdPilot.Connectors.Meta;
using AdPilot.Connectors.Shopify;
using AdPilot.Connectors.TikTok;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace AdPilot.Connectors;

/// <summary>
/// Registers each connector as a typed <see cref="HttpClient"/> with its options (validated at start-up), the
/// standard resilience pipeline (rate limiter, total timeout, jittered exponential retries honouring
/// <c>Retry-After</c>, circuit breaker, attempt timeout) and a client-side token-bucket rate limiter per platform.
/// </summary>
public static class ConnectorsServiceCollectionExtensions
{
    /// <summary>Registers <see cref="ShopifyOrdersClient"/>, <see cref="ShopifyAccessClient"/> and <see cref="ShopifyWebhooksClient"/> with <see cref="ShopifyOptions"/> from configuration.</summary>
    /// <param name="services">The services.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddShopifyConnector(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ShopifyOptions>().BindConfiguration(ShopifyOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddKeyedSingleton<RateLimiter>(LimiterKey.Shopify, (provider, _) => CreateLimiter(provider.GetRequiredService<IOptions<ShopifyOptions>>().Value.RequestsPerSecond));

        // Shopify's GraphQL reads are POSTs that change nothing, so retrying them is safe.
        services.AddHttpClient<ShopifyOrdersClient>()
            .AddStandardResilienceHandler().Configure((options, provider) => UseRateLimit(options, provider.GetRequiredKeyedService<RateLimiter>(LimiterKey.Shopify), retryUnsafeMethods: true));

        // Onboarding's reads; its webhook mutations are idempotent (a second create of one topic and URL is refused).
        services.AddHttpClient<ShopifyAccessClient>()
            .AddStandardResilienceHandler().Configure((options, provider) => UseRateLimit(options, provider.GetRequiredKeyedService<RateLimiter>(LimiterKey.Shopify), retryUnsafeMethods: false));
        services.AddTransient<ShopifyWebhooksClient>();
        return services;
    }

    /// <summary>Registers <see cref="MetaInsightsClient"/>, <see cref="MetaAdSetsClient"/>, <see cref="MetaAccessClient"/>, <see cref="MetaAdPlatform"/> and the shared <see cref="MetaPacer"/> with <see cref="MetaOptions"/> from configuration.</summary>
    /// <param name="services">The services.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddMetaConnector(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<MetaOptions>().BindConfiguration(MetaOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<MetaPacer>();
        services.AddKeyedSingleton<RateLimiter>(LimiterKey.Meta, (provider, _) => CreateLimiter(provider.GetRequiredService<IOptions<MetaOptions>>().Value.RequestsPerSecond));

        // Writes (budget and bid updates) are not retried here: the actuator retries them with its idempotency record.
        // Meta's throttles arrive as HTTP 400/403 bodies, which this pipeline does not retry: the clients wait them out
        // for reads (MetaOptions.MaxThrottleRetries) and pace every call on the usage headers (MetaPacer, one per app).
        services.AddHttpClient<MetaInsightsClient>()
            .AddStandardResilienceHandler().Configure((options, provider) => UseRateLimit(options, provider.GetRequiredKeyedService<RateLimiter>(LimiterKey.Meta), retryUnsafeMethods: false));
        services.AddHttpClient<MetaAdSetsClient>()
            .AddStandardResilienceHandler().Configure((options, provider) => UseRateLimit(options, provider.GetRequiredKeyedService<RateLimiter>(LimiterKey.Meta), retryUnsafeMethods: false));
        services.AddHttpClient<MetaAccessClient>()
            .AddStandardResilienceHandler().Configure((options, provider) => UseRateLimit(options, provider.GetRequiredKeyedService<RateLimiter>(LimiterKey.Meta), retryUnsafeMethods: false));
        services.AddTransient<MetaAdPlatform>();
        AddMetaOAuth(services);
        return services;
    }

    /// <summary>Registers <see cref="TikTokReportsClient"/>, <see cref="TikTokAdGroupsClient"/>, <see cref="TikTokAccessClient"/> and <see cref="TikTokAdPlatform"/> with <see cref="TikTokOptions"/> from configuration.</summary>
    /// <param name="services">The services.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddTikTokConnector(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<TikTokOptions>().BindConfiguration(TikTokOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddKeyedSingleton<RateLimiter>(LimiterKey.TikTok, (provider, _) => CreateLimiter(provider.GetRequiredService<IOptions<TikTokOptions>>().Value.RequestsPerSecond));

        // 10 requests per second is the default (Basic) tier's app-wide QPS. TikTok's throttles arrive as HTTP 200
        // bodies, which this pipeline does not retry: the clients wait them out for reads (TikTokOptions.MaxThrottleRetries).
        services.AddHttpClient<TikTokReportsClient>()
            .AddStandardResilienceHandler().Configure((options, provider) => UseRateLimit(options, provider.GetRequiredKeyedService<RateLimiter>(LimiterKey.TikTok), retryUnsafeMethods: false));
        services.AddHttpClient<TikTokAdGroupsClient>()
            .AddStandardResilienceHandler().Configure((options, provider) => UseRateLimit(options, provider.GetRequiredKeyedService<RateLimiter>(LimiterKey.TikTok), retryUnsafeMethods: false));
        services.AddHttpClient<TikTokAccessClient>()
            .AddStandardResilienceHandler().Configure((options, provider) => UseRateLimit(options, provider.GetRequiredKeyedService<RateLimiter>(LimiterKey.TikTok), retryUnsafeMethods: false));
        services.AddTransient<TikTokAdPlatform>();
        AddTikTokOAuth(services);
        return services;
    }

    /// <summary>One token bucket per platform, shared by all of that platform's typed clients; disposed with the container.</summary>
    /// <summary>
    /// Registers <see cref="MetaOAuthClient"/> alone: the token exchange needs no configured token, so onboarding uses it
    /// before the <c>Meta</c> section is complete. <see cref="AddMetaConnector"/> registers it too.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddMetaOAuth(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(MetaOAuthClient)))
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);

        // A GET that changes nothing Meta keeps (a second exchange only issues another token): safe to retry on 5xx.
        services.AddHttpClient<MetaOAuthClient>().AddStandardResilienceHandler();
        return services;
    }

    /// <summary>
    /// Registers <see cref="TikTokOAuthClient"/> alone: the authorisation-code exchange needs no configured token.
    /// <see cref="AddTikTokConnector"/> registers it too.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddTikTokOAuth(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(TikTokOAuthClient)))
        {
            return services;
        }

        // The code exchange is a POST: never retried here (a person can run connect again).
        services.AddHttpClient<TikTokOAuthClient>().AddStandardResilienceHandler().Configure(o => o.Retry.DisableForUnsafeHttpMethods());
        return services;
    }

    private static TokenBucketRateLimiter CreateLimiter(int requestsPerSecond) =>
        new(new TokenBucketRateLimiterOptions
        {
            TokenLimit = requestsPerSecond,
            TokensPerPeriod = requestsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 1000,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });

    private static void UseRateLimit(HttpStandardResilienceOptions options, RateLimiter limiter, bool retryUnsafeMethods)
    {
        options.RateLimiter.RateLimiter = args => limiter.AcquireAsync(1, args.Context.CancellationToken);
        if (!retryUnsafeMethods)
        {
            options.Retry.DisableForUnsafeHttpMethods();
        }
    }

    /// <summary>The keys of the platforms' rate limiters among the keyed services.</summary>
    private static class LimiterKey
    {
        public const string Shopify = "AdPilot.Connectors.Shopify";
        public const string Meta = "AdPilot.Connectors.Meta";
        public const string TikTok = "AdPilot.Connectors.TikTok";
    }
}
