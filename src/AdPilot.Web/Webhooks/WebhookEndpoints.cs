using AdPilot.Runtime.Configuration;
using AdPilot.Runtime.Ingestion;
using AdPilot.Runtime.Observability;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AdPilot.Web.Webhooks;

/// <summary>The Shopify webhook receiver: <c>POST /webhooks/shopify</c>.</summary>
internal static class WebhookEndpoints
{
    /// <summary>
    /// Registers the receiver, its group-commit writer and its processor (hosted services: the processor first, so the
    /// backlog a stop left is queued before new webhooks), and <see cref="IWebhookQueueStatus"/>. Reads the <c>Webhooks</c>
    /// section and <c>Shopify:WebhookSecret</c>; the database, clock, metrics and store directory come from the loop's
    /// registrations.
    /// </summary>
    public static IServiceCollection AddWebhookReceiver(this IServiceCollection services, IConfiguration configuration)
    {
        var options = ConfigurationSections.Read(configuration, WebhookReceiverOptions.SectionName, () => new WebhookReceiverOptions(), o => o.Validate());
        var secret = configuration["Shopify:WebhookSecret"] ?? string.Empty;
        services.AddSingleton(options);
        services.AddSingleton<IWebhookQueueStore>(p => new WebhookQueueStore(p.GetRequiredService<StorageDatabase>(), p.GetRequiredService<TimeProvider>()));
        services.AddSingleton<WebhookShops>();
        services.AddSingleton(p => new WebhookQueueState(p.GetRequiredService<TimeProvider>(), p.GetRequiredService<AdPilotMetrics>()));
        services.AddSingleton<IWebhookQueueStatus>(p => p.GetRequiredService<WebhookQueueState>());
        services.AddSingleton<WebhookProcessor>();
        services.AddHostedService(p => p.GetRequiredService<WebhookProcessor>());
        services.AddSingleton<WebhookWriter>();
        services.AddHostedService(p => p.GetRequiredService<WebhookWriter>());
        services.AddSingleton(p => new WebhookReceiver(
            p.GetRequiredService<WebhookWriter>(),
            p.GetRequiredService<WebhookShops>(),
            p.GetRequiredService<AdPilotMetrics>(),
            p.GetRequiredService<TimeProvider>(),
            p.GetRequiredService<WebOptions>(),
            secret,
            p.GetRequiredService<ILogger<WebhookReceiver>>(),
            options));
        return services;
    }

    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder app)
    {
        var services = app.ServiceProvider;
        var receiver = services.GetRequiredService<WebhookReceiver>();
        var writer = services.GetRequiredService<WebhookWriter>();
        var logger = services.GetRequiredService<ILogger<WebhookReceiver>>();
        if (string.IsNullOrEmpty(services.GetRequiredService<IConfiguration>()["Shopify:WebhookSecret"]))
        {
            logger.NoSecret();
        }

        logger.Ready(writer.Writers, writer.Batch, services.GetRequiredService<WebOptions>().MaxWebhookBytes);
        app.MapPost(WebhookReceiver.Path, async context => await (await receiver.ReceiveAsync(context).ConfigureAwait(false)).ExecuteAsync(context).ConfigureAwait(false));
        return app;
    }
}
