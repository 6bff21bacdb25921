using AdPilot.Runtime.Observability;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace AdPilot.Web.Observability;

/// <summary><c>GET /metrics</c>: AdPilot's instruments (<see cref="AdPilotMetrics"/>) in Prometheus text format, through OpenTelemetry.</summary>
internal static class MetricsEndpoints
{
    public static IServiceCollection AddAdPilotMetricsExport(this IServiceCollection services)
    {
        services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(AdPilotMetrics.MeterName).AddPrometheusExporter());
        return services;
    }

    public static WebApplication MapAdPilotMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
