using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AdPilot.Web.Dashboard;

/// <summary>The dashboard: sign-in, charts, the policy's view, the actions log, approvals and the kill switch.</summary>
internal static class DashboardEndpoints
{
    public static IServiceCollection AddDashboard(this IServiceCollection services, IConfiguration configuration) => services;

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app) => app;
}
