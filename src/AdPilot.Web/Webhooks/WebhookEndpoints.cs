using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AdPilot.Web.Webhooks;

/// <summary>The Shopify webhook receiver: <c>POST /webhooks/shopify</c>.</summary>
internal static class WebhookEndpoints
{
    public static IServiceCollection AddWebhookReceiver(this IServiceCollection services, IConfiguration configuration) => services;

    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder app) => app;
}
